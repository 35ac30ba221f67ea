import type { Logger } from 'pino'
import type { SalesforceSettings } from '../../config/configSchema.ts'
import type { Store } from '../../store/store.ts'
import { meTarget } from './dmTarget.ts'
import { slackWebClient } from './slackClient.ts'
import type { SlackSettings } from './slackConfig.ts'
import { botTransport, type SlackTransport, webhookTransport } from './slackTransport.ts'
import { type SlackUserLookup, slackUserLookup } from './slackUserLookup.ts'

/** The transport the settings ask for: a webhook, a bot posting to a channel, or a bot DMing you (`@me`). */
export function slackTransportFor(
  settings: SlackSettings,
  salesforce: SalesforceSettings | null,
  store: Store,
  clock: () => number,
  log: Logger,
): { transport: SlackTransport; lookup: SlackUserLookup | null } {
  if (settings.webhookUrl) {
    return { transport: webhookTransport(settings.webhookUrl, { timeoutMs: settings.timeout }), lookup: null }
  }
  if (!settings.botToken) throw new Error('slack: needs webhookUrl or botToken')
  const client = slackWebClient(
    { botToken: settings.botToken, apiUrl: settings.apiUrl, timeoutMs: settings.timeout },
    log,
  )
  const lookup = slackUserLookup({ store, client, clock, log })
  const transport =
    settings.channel === '@me'
      ? botTransport(client, meTarget(salesforce, lookup))
      : botTransport(client, async () => ({ ok: true, channel: settings.channel as string }))
  return { transport, lookup }
}
