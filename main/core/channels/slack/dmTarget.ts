import { errorMessage } from '../../../../shared/errorMessage.ts'
import type { SalesforceSettings } from '../../config/configSchema.ts'
import { openSalesforceSession } from '../../ownership/salesforceSession.ts'
import type { SendFailure } from '../channel.ts'
import type { ChannelTarget } from './slackTransport.ts'
import type { SlackUserLookup } from './slackUserLookup.ts'

/**
 * `channel: "@me"`: the bot's DM with you, found by your Salesforce e-mail (userinfo) through
 * users.lookupByEmail. Found once, then remembered for the process (and the lookup is cached).
 */
export function meTarget(salesforce: SalesforceSettings | null, lookup: SlackUserLookup) {
  let userId: string | null = null
  let email: string | null = null
  return async (): Promise<ChannelTarget> => {
    if (userId) return { ok: true, channel: userId }
    if (!salesforce)
      return fail('channel', 'slack.channel @me needs salesforce settings, to know your e-mail')
    if (!email) {
      try {
        const session = openSalesforceSession({ ...salesforce, retries: 1, timeoutMs: 15_000 })
        const info = await session.get<{ email?: unknown }>('/services/oauth2/userinfo')
        if (typeof info?.email !== 'string' || info.email === '') {
          return fail(
            'channel',
            'slack.channel @me: Salesforce did not say your e-mail; use your Slack member Id (U…)',
          )
        }
        email = info.email
      } catch (error) {
        return fail(
          'retry',
          `slack.channel @me: cannot ask Salesforce for your e-mail: ${errorMessage(error)}`,
        )
      }
    }
    const answer = await lookup.find(email)
    if ('failure' in answer) {
      return fail(
        answer.failure.kind === 'retry' ? 'retry' : 'channel',
        `slack.channel @me: ${answer.failure.reason}`,
      )
    }
    if (!answer.found) {
      return fail(
        'channel',
        `slack.channel @me: Slack has no user with e-mail ${email}; use your Slack member Id (U…)`,
      )
    }
    userId = answer.userId
    return { ok: true, channel: userId }
  }
}

function fail(kind: 'retry' | 'channel', reason: string): ChannelTarget {
  const failure: SendFailure = { kind, reason }
  return { ok: false, failure }
}
