import { type AccountFieldLabel, accountFacts, namedAccountFacts } from '../../../shared/accountFacts.ts'
import type { ActionKind, MomentAction } from '../../../shared/actions.ts'
import type { MomentDetail, MomentSummary } from '../../../shared/ipc/contract.ts'
import type { EventFields } from '../../../shared/moment.ts'
import type { StoredMoment } from '../../core/store/moments.ts'
import type { ForwardInfo } from './forwardStates.ts'

/** A list row needs the start of the message only; the detail pane gets all of it. */
export const LIST_BODY_CHARS = 280

const NO_FORWARD: ForwardInfo = { state: 'none', error: null, channel: null }

/** Where a moment sits in its thread: the delivered moment it repeats, or its own repeats. */
export interface ThreadPlace {
  threadOf: string | null
  repeats: MomentSummary['repeats']
}

const NO_THREAD: ThreadPlace = { threadOf: null, repeats: null }

export function momentSummary(
  m: StoredMoment,
  forward: ForwardInfo = NO_FORWARD,
  actions: readonly MomentAction[] = [],
  thread: ThreadPlace = NO_THREAD,
): MomentSummary {
  return {
    id: m.id,
    rule: m.rule,
    ruleName: m.ruleName,
    accountId: m.accountId,
    accountName: m.accountName,
    severity: m.severity,
    title: m.title,
    body: m.body.length > LIST_BODY_CHARS ? `${m.body.slice(0, LIST_BODY_CHARS - 1)}…` : m.body,
    occurredAt: m.occurredAt,
    status: m.status,
    snoozeReason: m.snoozeReason,
    folded: m.folded,
    read: m.readAt !== null,
    forward: forward.state,
    forwardChannel: forward.channel,
    acted: [...new Set<ActionKind>(actions.map((a) => a.kind))],
    threadOf: thread.threadOf,
    repeats: thread.repeats,
  }
}

export function momentDetail(
  m: StoredMoment,
  forward: ForwardInfo,
  extra: {
    snoozedBy: string | null
    onceBy: string | null
    mutes: MomentDetail['mutes']
    /** The org's labels of the account fields, as the last refresh described them */
    accountLabels?: readonly AccountFieldLabel[]
    /** The account fields the moment's condition reads */
    accountFieldsUsed?: readonly string[]
    actions: MomentAction[]
    thread?: ThreadPlace
  },
): MomentDetail {
  const labels = extra.accountLabels ?? []
  return {
    ...momentSummary(m, forward, extra.actions, extra.thread),
    body: m.body,
    eventIds: m.eventIds,
    loadedAt: m.loadedAt,
    recordedAt: m.recordedAt,
    source: m.source,
    event: m.event,
    why: {
      ruleName: m.ruleName,
      condition: m.ruleWhen,
      snoozeMs: m.snoozeMs,
      snoozedBy: extra.snoozedBy,
      reason: m.status === 'snoozed' ? m.snoozeReason : null,
      onceBy: extra.onceBy,
      accountFields: namedAccountFacts(m.account, labels, extra.accountFieldsUsed ?? []),
    },
    account: accountFacts(m.account, labels),
    forwardError: forward.error,
    mutes: extra.mutes,
    actions: extra.actions,
  }
}

/**
 * What makes two moments repeats, from the snooze key (`[ruleId, ...values]`, matchRules.ts) and
 * the rule's `snoozeBy` names when the rule is still loaded: `account, input_name “Jira”`. The
 * account is the moment's own, so its id says nothing the pane doesn't already show.
 */
export function describeSnoozeKey(key: string | null, fields: readonly string[] | null): string | null {
  if (!key) return null
  let values: unknown[]
  try {
    values = (JSON.parse(key) as unknown[]).slice(1)
  } catch {
    return null
  }
  if (values.length === 0) return null
  return describeKey(values, fields)
}

/** A `once` rule's key, from its field names and the event's values: `account, feature “Flows”`. */
export function describeOnceKey(fields: readonly string[] | null, event: EventFields): string | null {
  if (!fields || fields.length === 0) return null
  return describeKey(
    fields.map((f) => event[f] ?? null),
    fields,
  )
}

function describeKey(values: readonly unknown[], fields: readonly string[] | null): string {
  return values
    .map((value, i) => {
      const name = fields?.[i]
      if (name === 'account_id') return 'account'
      const text = value === null ? 'no value' : `“${String(value)}”`
      return name ? `${name} ${text}` : text
    })
    .join(', ')
}
