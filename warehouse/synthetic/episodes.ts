// One function per kind of thing that happens at a customer, each writing the raw rows it
// leaves behind (a failed input also leaves the documentation pages read before it).
import type { SyntheticAccount, SyntheticUser } from './accounts.ts'
import type { Random } from './random.ts'
import type { EventTables, WebserverEventRow } from './rawRows.ts'
import { ingestDelayMs, type Rhythm, sampleTime, usualIngestDelayMs } from './rhythm.ts'
import {
  DOC_PAGES,
  FEATURES,
  FIRST_NAMES,
  FREE_MAIL_DOMAINS,
  INPUT_HELP_PAGES,
  LAST_NAMES,
  MARKETING_PAGES,
  MONITORING_HOSTS,
  OUTPUTS,
  PLAIN_REQUESTS,
  REFERRERS,
  TABLES,
} from './vocabulary.ts'

export interface EpisodeContext {
  random: Random
  account: SyntheticAccount
  from: Date
  to: Date
  /** The next event id of a table, already prefixed for its source */
  nextId(prefix: string): string
  /** True for the rows that should miss their account (the configured broken fraction) */
  broken(): boolean
  /** Bias towards what makes a moment: failures, first uses (the demo's live events) */
  highlights: boolean
  out: EventTables
}

export type EpisodeKind =
  | 'request'
  | 'feature_used'
  | 'add_input'
  | 'code_engine_run'
  | 'events_loaded'
  | 'table_created'
  | 'docs_page_view'
  | 'marketing_page_view'
  | 'connection_interrupted'
  | 'latency_detected'

const MINUTE = 60_000

export const EPISODES: Record<EpisodeKind, (ctx: EpisodeContext) => void> = {
  request(ctx) {
    const [method, url] = ctx.random.pick(PLAIN_REQUESTS)
    const status = ctx.random.weighted([
      [200, 97],
      [404, 2],
      [500, 1],
    ] as const)
    webRequest(ctx, webTimes(ctx), { method, url, status_code: status, duration_ms: ctx.random.int(40, 900) })
  },

  feature_used(ctx) {
    const { random, account } = ctx
    const known = FEATURES.filter(([feature]) => account.features.includes(feature))
    const firstUse = known.length === 0 || random.chance(ctx.highlights ? 0.5 : 0.05)
    const [feature, method, url] = firstUse ? random.pick(FEATURES) : random.pick(known)
    webRequest(ctx, webTimes(ctx), {
      method,
      url,
      status_code: random.chance(0.98) ? 200 : 500,
      duration_ms: random.int(80, 4000),
      feature,
    })
  },

  add_input(ctx) {
    const { random, account } = ctx
    const inputName = random.pick(account.inputs)
    const user = random.pick(account.users)
    const times = webTimes(ctx)
    const failed = random.chance(ctx.highlights ? 0.5 : 0.2)
    // null: the request timed out without a response
    const status = failed
      ? random.weighted([
          [400, 4],
          [422, 2],
          [500, 2],
          [502, 1],
          [504, 1],
          [null, 1],
        ] as const)
      : 201
    const row = webRequest(
      ctx,
      times,
      {
        method: 'POST',
        url: '/plumbing/inputs',
        status_code: status,
        duration_ms: random.int(300, 30_000),
        input_name: inputName,
      },
      user,
    )
    if (!failed) return
    if (random.chance(0.65)) readHelpBefore(ctx, user, row)
    if (random.chance(0.3)) retryLater(ctx, user, row)
  },

  code_engine_run(ctx) {
    webRequest(ctx, webTimes(ctx), {
      method: 'POST',
      url: '/transform/functions/run',
      status_code: ctx.random.chance(0.9) ? 200 : ctx.random.pick([400, 500]),
      duration_ms: ctx.random.int(800, 20_000),
    })
  },

  events_loaded(ctx) {
    const { random } = ctx
    const output = random.pick(OUTPUTS)
    const table = random.pick(TABLES.filter((t) => t.startsWith('out.')))
    const rows = Math.round(100 + random.next() ** 3 * 2_000_000)
    ctx.out.backend_logs.push({
      event_id: ctx.nextId('be'),
      ...times(ctx, 'backend', 'scheduled'),
      system_name: systemOf(ctx),
      event_kind: 'events_loaded',
      output_name: output,
      table_name: table,
      rows_loaded: rows,
      message: `Loaded ${rows.toLocaleString('en-US')} rows of ${table} to ${output}`,
    })
  },

  table_created(ctx) {
    const table = ctx.random.pick(TABLES)
    ctx.out.backend_logs.push({
      event_id: ctx.nextId('be'),
      ...times(ctx, 'backend', 'scheduled'),
      system_name: systemOf(ctx),
      event_kind: 'table_created',
      output_name: null,
      table_name: table,
      rows_loaded: null,
      message: `Created table ${table}`,
    })
  },

  docs_page_view(ctx) {
    const [url, title] = ctx.random.pick(DOC_PAGES)
    pageView(ctx, times(ctx, 'website', 'office'), url, title)
  },

  marketing_page_view(ctx) {
    const [url, title] = ctx.random.weighted(MARKETING_PAGES.map((page, i) => [page, i < 2 ? 3 : 1] as const))
    pageView(ctx, times(ctx, 'website', 'office'), url, title)
  },

  connection_interrupted(ctx) {
    const { random, account } = ctx
    const input = random.pick(account.inputs)
    alert(
      ctx,
      'connection_interrupted',
      random.weighted([
        ['high', 6],
        ['average', 3],
        ['disaster', 1],
      ] as const),
      input,
      `Connection to ${input} interrupted: no response for ${random.int(2, 15)} min`,
    )
  },

  latency_detected(ctx) {
    const { random, account } = ctx
    const input = random.pick(account.inputs)
    alert(
      ctx,
      'latency_detected',
      random.weighted([
        ['warning', 3],
        ['average', 1],
      ] as const),
      input,
      `Latency above ${random.int(2, 9)} s on ${input} for ${random.int(5, 30)} min`,
    )
  },
}

interface Times {
  occurred_at: Date
  loaded_at: Date
}

/**
 * When it happened and when it landed: rows are drawn by when they land, in (from, to], so a
 * period of 30 seconds gets the rows that arrive in it, some of which happened minutes
 * before. A row that would land after `to` has not arrived yet (the tail of every period is
 * thinner, as in a real warehouse).
 */
function times(ctx: EpisodeContext, source: string, rhythm: Rhythm): Times {
  const earliest = new Date(ctx.from.getTime() - usualIngestDelayMs(source))
  for (let attempt = 0; attempt < 100; attempt++) {
    const occurred = sampleTime(ctx.random, earliest, ctx.to, rhythm, ctx.account.utcOffsetHours)
    const loaded = new Date(occurred.getTime() + ingestDelayMs(ctx.random, source))
    if (loaded > ctx.from && loaded <= ctx.to) return { occurred_at: occurred, loaded_at: loaded }
  }
  return { occurred_at: new Date(ctx.to.getTime() - 1_000), loaded_at: ctx.to }
}

function webTimes(ctx: EpisodeContext): Times {
  return times(ctx, 'webserver', 'office')
}

function webRequest(
  ctx: EpisodeContext,
  when: Times,
  request: Pick<WebserverEventRow, 'method' | 'url' | 'status_code' | 'duration_ms'> &
    Partial<WebserverEventRow>,
  user: SyntheticUser = ctx.random.pick(ctx.account.users),
): WebserverEventRow {
  const row: WebserverEventRow = {
    event_id: ctx.nextId('ws'),
    ...when,
    account_id: ctx.broken() ? brokenAccountId(ctx) : ctx.account.id,
    user_email: user.email,
    user_name: user.name,
    input_name: null,
    feature: null,
    ...request,
  }
  ctx.out.webserver_events.push(row)
  return row
}

/** Unmatched: the session had no account, or names one Salesforce no longer has (merged). */
function brokenAccountId(ctx: EpisodeContext): string | null {
  return ctx.random.chance(0.5) ? null : `001MERGED${ctx.account.id.slice(9)}`
}

/** The help pages a user read before giving up on an input: what pages_visited shows. */
function readHelpBefore(ctx: EpisodeContext, user: SyntheticUser, failure: WebserverEventRow): void {
  const { random } = ctx
  for (let n = random.int(1, 3); n > 0; n--) {
    const before = random.int(5 * MINUTE, 20 * 60 * MINUTE)
    const occurred = new Date(Math.max(ctx.from.getTime(), failure.occurred_at.getTime() - before))
    // Landed before the failure did, so the failure's pages_visited can see it when polled.
    const loaded = new Date(
      Math.min(occurred.getTime() + ingestDelayMs(random, 'website'), failure.loaded_at.getTime()),
    )
    const [url, title] = random.pick(INPUT_HELP_PAGES)
    ctx.out.website_events.push({
      event_id: ctx.nextId('web'),
      occurred_at: occurred,
      loaded_at: loaded,
      visitor_email: user.email,
      visitor_name: user.name,
      account_id: random.chance(0.4) ? ctx.account.id : null,
      page_url: url,
      page_title: title,
      referrer: 'https://app.example.com/',
    })
  }
}

/** Some users try again a little later, and it works. */
function retryLater(ctx: EpisodeContext, user: SyntheticUser, failure: WebserverEventRow): void {
  const occurred = new Date(failure.occurred_at.getTime() + ctx.random.int(2 * MINUTE, 40 * MINUTE))
  const loaded = new Date(occurred.getTime() + ingestDelayMs(ctx.random, 'webserver'))
  if (loaded > ctx.to) return
  webRequest(
    ctx,
    { occurred_at: occurred, loaded_at: loaded },
    {
      method: 'POST',
      url: '/plumbing/inputs',
      status_code: 201,
      duration_ms: ctx.random.int(300, 8000),
      input_name: failure.input_name,
    },
    user,
  )
}

/** Visitors: mostly the account's users, some identified by the app, some anonymous. */
function pageView(ctx: EpisodeContext, when: Times, url: string, title: string): void {
  const { random, account } = ctx
  const kind = random.weighted([
    ['user', 70],
    ['free-mail', 20],
    ['anonymous', 10],
  ] as const)
  const user: SyntheticUser | null =
    kind === 'user' ? random.pick(account.users) : kind === 'free-mail' ? freeMailVisitor(random) : null
  ctx.out.website_events.push({
    event_id: ctx.nextId('web'),
    ...when,
    visitor_email: user?.email ?? null,
    visitor_name: user?.name ?? null,
    account_id: kind === 'user' && random.chance(0.35) ? account.id : null,
    page_url: url,
    page_title: title,
    referrer: random.pick(REFERRERS),
  })
}

function freeMailVisitor(random: Random): SyntheticUser {
  const first = random.pick(FIRST_NAMES)
  const last = random.pick(LAST_NAMES)
  return {
    name: `${first} ${last}`,
    email: `${first}.${last}${random.int(1, 99)}@${random.pick(FREE_MAIL_DOMAINS)}`.toLowerCase(),
  }
}

function alert(
  ctx: EpisodeContext,
  type: string,
  severity: string,
  input: string,
  description: string,
): void {
  ctx.out.zabbix_alerts.push({
    event_id: ctx.nextId('zbx'),
    ...times(ctx, 'monitoring', 'any'),
    host: ctx.random.pick(MONITORING_HOSTS),
    system_name: ctx.broken() ? null : ctx.random.pick(ctx.account.systems),
    alert_type: type,
    severity,
    input_name: input,
    description,
  })
}

/** A system of the account, or for a broken row one that systems_to_accounts does not know. */
function systemOf(ctx: EpisodeContext): string {
  return ctx.broken()
    ? `legacy-${ctx.account.emailDomain.replace('.com', '')}`
    : ctx.random.pick(ctx.account.systems)
}
