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

  /** A user stuck on something reads page after page of the documentation within the hour. */
  docs_reading_session(ctx) {
    const { random, account } = ctx
    const user = random.pick(account.users)
    const start = landingTimes(ctx, 'website', 'office')
    let occurred = start.occurred_at.getTime()
    for (let pages = random.int(4, 9); pages > 0; pages--) {
      const [url, title] = random.pick(DOC_PAGES)
      const loaded = Math.max(
        occurred + (start.loaded_at.getTime() - start.occurred_at.getTime()),
        ctx.from.getTime() + 1,
      )
      if (loaded > ctx.to.getTime()) break
      ctx.out.website_events.push({
        event_id: ctx.nextId('web'),
        occurred_at: new Date(occurred),
        loaded_at: new Date(loaded),
        visitor_email: user.email,
        visitor_name: user.name,
        account_id: random.chance(0.35) ? account.id : null,
        page_url: url,
        page_title: title,
        referrer: 'https://app.example.com/',
      })
      occurred += random.int(2, 9) * 60_000
    }
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
