import type { Logger } from 'pino'
import type { SalesforceSettings } from '../../config/configSchema.ts'
import { openStore } from '../../store/openStore.ts'
import { createStore } from '../../store/store.ts'
import type { TestResult } from '../channel.ts'
import { testMoment } from '../testMoment.ts'
import type { SlackSettings } from './slackConfig.ts'
import { classifySlackFailure } from './slackFailure.ts'
import { slackMessage } from './slackMessage.ts'
import { slackTransportFor } from './slackTransportFor.ts'

/**
 * "Send test message" in settings: one message through the same transport and Block Kit as real
 * forwards, sent now (not through the outbox), so the answer says whether Slack took it.
 */
export async function sendSlackTestMessage(
  settings: SlackSettings,
  options: { salesforce: SalesforceSettings | null; log: Logger; clock?: () => number },
): Promise<TestResult> {
  const clock = options.clock ?? Date.now
  // The @me lookup caches Slack users in SQLite; a test message needs no lasting cache.
  const store = createStore(openStore(':memory:'))
  try {
    const { transport } = slackTransportFor(settings, options.salesforce, store, clock, options.log)
    await transport.send(slackMessage(testMoment(clock()), { instanceUrl: null, mentions: null }))
    const where = settings.webhookUrl ? 'the webhook’s channel' : settings.channel
    return { ok: true, detail: `Sent a test message to ${where}` }
  } catch (error) {
    return { ok: false, detail: `Slack did not take the test message: ${classifySlackFailure(error).reason}` }
  } finally {
    store.close()
  }
}
