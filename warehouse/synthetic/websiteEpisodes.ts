// Page views of the marketing site and the documentation.
import type { SyntheticUser } from './accounts.ts'
import { type Episode, type EpisodeContext, landingTimes, type Times } from './episodeContext.ts'
import type { Random } from './random.ts'
import {
  DOC_PAGES,
  FIRST_NAMES,
  FREE_MAIL_DOMAINS,
  LAST_NAMES,
  MARKETING_PAGES,
  REFERRERS,
} from './vocabulary.ts'

export const WEBSITE_EPISODES = {
  docs_page_view(ctx) {
    const [url, title] = ctx.random.pick(DOC_PAGES)
    pageView(ctx, landingTimes(ctx, 'website', 'office'), url, title)
  },

  marketing_page_view(ctx) {
    const [url, title] = ctx.random.weighted(MARKETING_PAGES.map((page, i) => [page, i < 2 ? 3 : 1] as const))
    pageView(ctx, landingTimes(ctx, 'website', 'office'), url, title)
  },
} satisfies Record<string, Episode>

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
