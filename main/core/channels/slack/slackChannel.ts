import { errorMessage } from '../../../../shared/errorMessage.ts'
import { channelPlugin } from '../channel.ts'
import { mentionLine } from './ownerMentions.ts'
import { slackChecks } from './slackChecks.ts'
import { type SlackSettings, slackSchema } from './slackConfig.ts'
import { mentionFieldsOf, outboxChannel } from './slackDestination.ts'
import { classifySlackFailure } from './slackFailure.ts'
import { type SlackMessage, slackMessage } from './slackMessage.ts'
import { sendSlackTestMessage } from './slackTestMessage.ts'
import { slackTransportFor } from './slackTransportFor.ts'

/**
 * Slack: an incoming webhook, or a bot posting to a channel, a DM (`@me`), or a team channel that
 * mentions each account's people (team mode reads every account: see `directory`).
 */
export const slackChannel = channelPlugin<typeof slackSchema, SlackMessage>({
  type: 'slack',
  label: 'Slack',
  configSchema: slackSchema,
  destination: destinationOf,

  open(settings, deps) {
    const log = deps.log.child({ component: 'slack' })
    const { transport, lookup } = slackTransportFor(settings, deps.salesforce, deps.store, deps.clock, log)
    const mentionFields = mentionFieldsOf(settings)
    const instanceUrl = deps.salesforce?.instanceUrl ?? null
    let refreshing: Promise<void> | null = null
    const directory = deps.directory
    return {
      type: 'slack',
      label: 'Slack',
      destination: destinationOf(settings),
      timing: {
        paceMs: settings.pace,
        maxAgeMs: settings.maxAge,
        timeoutMs: settings.timeout,
        drainTimeoutMs: settings.drainTimeout,
      },
      async compose(moment) {
        const mentions =
          settings.mode === 'team' && lookup
            ? await mentionLine(deps.store.accounts.people(moment.accountId), mentionFields, lookup)
            : null
        return slackMessage(moment, { instanceUrl, mentions, accountLabels: deps.store.accounts.fields() })
      },
      send: (message: SlackMessage) => transport.send(message),
      classify: classifySlackFailure,
      /** Team mode: re-reads the accounts and their people when the cache is stale; never throws. */
      refresh: directory
        ? () => {
            refreshing ??= directory
              .current(deps.clock())
              .then(() => {})
              .catch((error: unknown) =>
                log.warn(
                  `cannot read the accounts' owners from Salesforce: ${errorMessage(error)}; mentions fall back to what is cached`,
                ),
              )
              .finally(() => {
                refreshing = null
              })
            return refreshing
          }
        : undefined,
    }
  },

  checks: (settings, deps) => slackChecks(settings, deps),
  sendTest: (settings, deps) => sendSlackTestMessage(settings, deps),
  directory: (settings) => (settings.mode === 'team' ? { personFields: mentionFieldsOf(settings) } : null),
})

function destinationOf(settings: SlackSettings): string {
  return `slack:${outboxChannel(settings)}`
}
