import { z } from 'zod'
import type { AccountFact } from '../accountFacts.ts'
import { ACTION_KINDS, type ActionKind, type MomentAction, type RuleUsage } from '../actions.ts'
import {
  type EventFields,
  MOMENT_STATUSES,
  type MomentStatus,
  SEVERITIES,
  type Severity,
  type SnoozeReason,
} from '../moment.ts'
import {
  type AwayDetection,
  CHANNEL_TYPES,
  type SettingsPatch,
  type SettingsView,
  settingsPatchSchema,
} from '../settings/desktopSettings.ts'
import type { FieldError } from '../settings/settingField.ts'
import type { SyncState } from '../syncState.ts'

// The one IPC contract between the Electron main process and the windows (Gitify's
// shared/events.ts is the model). Requests are zod schemas, validated in main on every call;
// responses are types. The preload exposes `invoke` for these channels only, and main must
// provide a handler for every channel: `IpcHandlers` fails compilation when one is missing.

const id = z.string().min(1).max(200)
const ms = z.number().int().nonnegative()

export const historyFilterSchema = z.strictObject({
  search: z.string().max(500).optional(),
  accountId: id.optional(),
  ruleId: id.optional(),
  status: z.enum([...MOMENT_STATUSES, 'failed']).optional(),
  severity: z.enum(SEVERITIES).optional(),
  sinceMs: ms.optional(),
  untilMs: ms.optional(),
  unreadOnly: z.boolean().optional(),
  /** Only these moments (a digest notification opens the history on them) */
  ids: z.array(id).max(1_000).optional(),
  /** Only moments nothing was done about yet */
  notActed: z.boolean().optional(),
})
export type HistoryFilter = z.infer<typeof historyFilterSchema>

const muteKind = z.enum(['account', 'rule'])

/** Renderer → main calls: channel → request schema. */
export const requestSchemas = {
  'moments.list': z.strictObject({
    filter: historyFilterSchema,
    offset: z.number().int().min(0).max(10_000_000),
    limit: z.number().int().min(1).max(500),
  }),
  /**
   * A delivered moment's snoozed repeats, newest first; with `search`, only those it matches (the
   * history's search found the moment through them).
   */
  'moments.thread': z.strictObject({
    id,
    search: z.string().max(500).optional(),
    offset: z.number().int().min(0).max(10_000_000),
    limit: z.number().int().min(1).max(500),
  }),
  'moments.get': z.strictObject({ id }),
  'moments.markRead': z.strictObject({
    ids: z.array(id).min(1).max(1_000),
    /** false: mark unread again; default true */
    read: z.boolean().optional(),
  }),
  /** Every moment the filter matches ("Mark all read") */
  'moments.markAllRead': z.strictObject({ filter: historyFilterSchema }),
  'moments.timeline': z.strictObject({ accountId: id, days: z.number().int().min(1).max(366) }),
  /**
   * Reach out (the worker drafts the e-mail and main opens it in the mail client), log to
   * Salesforce, done, not useful. Only the moment and the kind: what is sent or opened is built
   * by the worker from the stored moment, never taken from a window.
   */
  'moments.act': z.strictObject({ id, kind: z.enum(ACTION_KINDS) }),
  'filters.options': z.strictObject({}),
  'mutes.set': z.strictObject({
    kind: muteKind,
    target: id,
    forMs: z
      .number()
      .int()
      .min(60_000)
      .max(366 * 86_400_000),
  }),
  'mutes.clear': z.strictObject({ kind: muteKind, target: id }),
  'mutes.list': z.strictObject({}),
  'status.get': z.strictObject({}),
  'sync.now': z.strictObject({}),
  'app.openAccount': z.strictObject({ accountId: id }),
  /** The demo banner's "Connect your warehouse": main opens (or focuses) the settings window */
  'app.openSettings': z.strictObject({}),
  'rules.preview': z.strictObject({
    sinceMs: ms,
    untilMs: ms.optional(),
    rulesPath: z.string().max(4_000).optional(),
    /** A second rules file replayed over the same events, shown side by side (backtest --compare) */
    comparePath: z.string().max(4_000).optional(),
  }),
  /** Per rule, what its delivered moments of the period led to (Preview rules, beside the backtest) */
  'rules.usage': z.strictObject({ sinceMs: ms, untilMs: ms.optional() }),
  'settings.get': z.strictObject({}),
  'settings.save': settingsPatchSchema,
  'settings.testWarehouse': z.strictObject({
    url: z.string().max(2_000),
    /** Absent: the saved password (if the URL carries none) */
    password: z.string().max(1_000).optional(),
    /** Absent: the saved query */
    query: z.string().max(20_000).optional(),
  }),
  'settings.validateRules': z.strictObject({ path: z.string().min(1).max(4_000) }),
  'settings.salesforceSignIn': z.strictObject({ instanceUrl: z.string().max(500) }),
  'settings.salesforceSignOut': z.strictObject({}),
  /** One test message through a chat channel, with its saved settings */
  'settings.testChannel': z.strictObject({ channel: z.enum(CHANNEL_TYPES) }),
} as const

export type Channel = keyof typeof requestSchemas
export type Request<C extends Channel> = z.infer<(typeof requestSchemas)[C]>

/**
 * The channels the main process answers itself, because it owns what they touch: the sync state
 * (it holds pause and offline), polling, the browser and the windows. The pipeline worker
 * answers every other channel, next to the state file.
 */
export const MAIN_CHANNELS = ['status.get', 'sync.now', 'app.openAccount', 'app.openSettings'] as const
export type MainChannel = (typeof MAIN_CHANNELS)[number]
export type WorkerChannel = Exclude<Channel, MainChannel>

export function isMainChannel(channel: Channel): channel is MainChannel {
  return (MAIN_CHANNELS as readonly string[]).includes(channel)
}

// ——— responses ———

export type ForwardState = 'none' | 'pending' | 'sent' | 'failed'

export interface MomentSummary {
  id: string
  rule: string
  ruleName: string
  accountId: string
  accountName: string
  severity: Severity
  title: string
  /** The message, cut to a list-friendly length */
  body: string
  occurredAt: string
  status: MomentStatus
  snoozeReason: SnoozeReason | null
  folded: number
  read: boolean
  forward: ForwardState
  /** The chat channel that state is about (`Slack`, `Microsoft Teams`); null when none */
  forwardChannel: string | null
  /** The kinds of action taken on it, each once, in the order first taken */
  acted: ActionKind[]
  /** A snoozed repeat: the id of the delivered moment whose thread it is in; null otherwise */
  threadOf: string | null
  /**
   * A delivered moment in the threaded history: its snoozed repeats (under a search, those it
   * matches), how many and the newest's time (ISO); null when it has none or the list is flat
   */
  repeats: { count: number; lastAt: string } | null
}

export interface MomentDetail extends MomentSummary {
  body: string
  eventIds: string[]
  loadedAt: string
  recordedAt: string
  source: string
  /** Every column of the triggering row: untrusted text, rendered as text */
  event: EventFields
  /** "Why you got this" */
  why: {
    ruleName: string
    condition: string
    snoozeMs: number
    /** What makes two moments repeats of each other, e.g. `account_id 0015…, input_name Salesforce` */
    snoozedBy: string | null
    /** Why it was snoozed: its rule's window, or a mute of the user's; null when delivered */
    reason: SnoozeReason | null
    /** A `once` rule: what is told only the first time, e.g. `account, feature “Flows”`; else null */
    onceBy: string | null
    /** The account fields the condition reads, by the org's labels, with the values it saw */
    accountFields: AccountFact[]
  }
  /** The account's fields when the moment was recorded (the org's labels); [] when none were read */
  account: AccountFact[]
  forwardError: string | null
  /** The user's mutes in force now on this moment's account and rule (ISO), for the detail pane */
  mutes: { accountUntil: string | null; ruleUntil: string | null }
  /** What was done about it, oldest first */
  actions: MomentAction[]
}

export interface TimelineSeries {
  ruleId: string
  ruleName: string
  /** One count per day, aligned with `days` */
  counts: number[]
}

export type { SyncPhase, SyncState } from '../syncState.ts'

export type { AwayDetection, FieldError, SettingsPatch, SettingsView }

export interface RulePreview {
  rule: string
  matches: number
  delivered: number
  snoozed: number
  suppressed: number
  topAccounts: { accountId: string; accountName: string; moments: number }[]
}

export interface RulesPreviewReport {
  /** The rules file replayed, or `current` */
  label: string
  rules: RulePreview[]
  totals: { rows: number; matches: number; delivered: number; snoozed: number; suppressed: number }
}

export type Check = { ok: true; detail: string } | { ok: false; detail: string }

export type { ActionKind, MomentAction, RuleUsage }

export interface ActResult {
  action: MomentAction
  /** Taken before (a Task already logged): nothing new happened */
  already: boolean
  /** The moment's actions now, oldest first */
  actions: MomentAction[]
  /** A reach-out: whom the draft is addressed to (empty: the user adds them), and from where */
  draft?: { to: string[]; recipients: 'event' | 'contacts' | 'none'; cut: boolean }
  /** Something the user should know (the contacts could not be read) */
  note?: string
}

export interface Responses {
  /**
   * totalAtLeast: `total` is a lower bound (shown as "10,000+"): a threaded search of a word in a
   * large share of a large history is counted only that far
   */
  'moments.list': { items: MomentSummary[]; total: number; totalAtLeast?: boolean }
  'moments.thread': { items: MomentSummary[]; total: number }
  'moments.get': MomentDetail | null
  'moments.markRead': { updated: number }
  'moments.markAllRead': { updated: number }
  'moments.timeline': { days: string[]; series: TimelineSeries[] }
  'moments.act': ActResult
  'filters.options': { accounts: { id: string; name: string }[]; rules: { id: string; name: string }[] }
  'mutes.set': { until: string }
  'mutes.clear': { ok: true }
  'mutes.list': { kind: 'account' | 'rule'; target: string; label: string; until: string }[]
  'status.get': SyncState
  'sync.now': { ok: true }
  'app.openAccount': { ok: boolean }
  'app.openSettings': { ok: boolean }
  'rules.preview': RulesPreviewReport & {
    /** The same events through `comparePath`'s rules; null without one */
    compare: RulesPreviewReport | null
    sinceMs: number
    untilMs: number
    /** Accounts replayed (yours); null: every account */
    accounts: number | null
    /**
     * The account fields the rules saw, by their labels, as the refresh at `asOf` read them:
     * Salesforce keeps no history of them, so past events are judged on today's account. Null: none.
     */
    accountFields: { labels: string[]; asOf: string } | null
  }
  'rules.usage': { usage: RuleUsage[]; sinceMs: number; untilMs: number }
  'settings.get': SettingsView
  'settings.save': { ok: true; view: SettingsView } | { ok: false; errors: FieldError[] }
  'settings.testWarehouse': Check
  'settings.validateRules': { ok: true; count: number } | { ok: false; errors: FieldError[] }
  'settings.salesforceSignIn': Check
  'settings.salesforceSignOut': { ok: true }
  'settings.testChannel': Check
}

export type Response<C extends Channel> = Responses[C]

/** Main → renderer pushes. */
export interface Events {
  'moments.changed': { added: number }
  'status.changed': SyncState
  /** A notification was clicked: open the history on a moment, or on a digest's moments */
  navigate: { momentId: string } | { filter: HistoryFilter }
}
export type EventName = keyof Events

export const EVENT_NAMES = [
  'moments.changed',
  'status.changed',
  'navigate',
] as const satisfies readonly EventName[]
export const CHANNELS = Object.keys(requestSchemas) as Channel[]

/** Every channel has a handler; a missing or mistyped one is a compile error. */
export type IpcHandlers = { [C in Channel]: (request: Request<C>) => Promise<Response<C>> }
/** What the main process answers itself */
export type MainHandlers = Pick<IpcHandlers, MainChannel>
/** What the pipeline worker answers */
export type WorkerHandlers = Pick<IpcHandlers, WorkerChannel>

/** What the preload exposes as `window.moments`: the whole surface the windows can reach. */
export interface MomentsBridge {
  invoke<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>>
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
}
