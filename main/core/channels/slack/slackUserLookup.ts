import type { WebClient } from '@slack/web-api'
import type { Logger } from 'pino'
import type { Store } from '../../store/store.ts'
import type { SendFailure } from '../channel.ts'
import { webApiFailure } from './slackFailure.ts'
import { slackWebApi } from './slackSdk.ts'

export type LookupAnswer = { found: true; userId: string } | { found: false } | { failure: SendFailure }

const FOUND_TTL_MS = 7 * 86_400_000
const NOT_FOUND_TTL_MS = 86_400_000

/**
 * users.lookupByEmail (scope users:read.email), cached in SQLite: a week for a found user, a day
 * for "no such user" (people join Slack). When Slack can't answer, a stale answer is better than
 * none; after a 429 no lookup is sent until its Retry-After has passed.
 */
export function slackUserLookup(options: {
  store: Pick<Store, 'slackUsers'>
  client: WebClient
  clock: () => number
  log: Logger
}) {
  const { client, clock, log } = options
  const cache = options.store.slackUsers
  let quietUntil = 0
  let lastProblem: string | null = null

  return {
    async find(email: string): Promise<LookupAnswer> {
      const now = clock()
      const cached = cache.get(email)
      const fresh =
        cached && now - cached.checkedAt < (cached.userId === null ? NOT_FOUND_TTL_MS : FOUND_TTL_MS)
      if (cached && (fresh || now < quietUntil)) return answerOf(cached.userId)
      if (now < quietUntil)
        return { failure: { kind: 'retry', reason: 'Slack: users.lookupByEmail rate limited' } }
      try {
        const answer = await client.users.lookupByEmail({ email })
        const userId = answer.user?.id
        if (typeof userId !== 'string') throw new Error('users.lookupByEmail answered without a user id')
        cache.put(email, userId, now)
        return { found: true, userId }
      } catch (error) {
        if (error instanceof slackWebApi().WebAPIPlatformError && error.data.error === 'users_not_found') {
          cache.put(email, null, now)
          return { found: false }
        }
        const failure = webApiFailure(error)
        if (failure.kind === 'retry' && failure.retryAfterMs) quietUntil = now + failure.retryAfterMs
        if (failure.reason !== lastProblem) {
          // missing_scope here means users:read.email: every owner falls back to a plain name.
          log.warn(`cannot look up Slack users by e-mail: ${failure.reason}`)
          lastProblem = failure.reason
        }
        return cached ? answerOf(cached.userId) : { failure }
      }
    },
  }
}

export type SlackUserLookup = ReturnType<typeof slackUserLookup>

function answerOf(userId: string | null): LookupAnswer {
  return userId === null ? { found: false } : { found: true, userId }
}
