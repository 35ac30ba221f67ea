// The web application: plain requests, feature uses, input additions (failed ones leave the
// help pages read before them, some are retried), code engine runs.
import type { SyntheticUser } from './accounts.ts'
import { type Episode, type EpisodeContext, landingTimes, type Times } from './episodeContext.ts'
import type { WebserverEventRow } from './rawRows.ts'
import { ingestDelayMs } from './rhythm.ts'
import { FEATURES, INPUT_HELP_PAGES, PLAIN_REQUESTS } from './vocabulary.ts'

const MINUTE = 60_000

export const WEB_APP_EPISODES = {
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
} satisfies Record<string, Episode>

function webTimes(ctx: EpisodeContext): Times {
  return landingTimes(ctx, 'webserver', 'office')
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
