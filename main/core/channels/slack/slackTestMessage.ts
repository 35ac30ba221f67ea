import type { Logger } from 'pino'
import type { Moment } from '../../../../shared/moment.ts'
import type { SalesforceSettings, SlackSettings } from '../../config/configSchema.ts'
import { openStore } from '../../store/openStore.ts'
import { createStore } from '../../store/store.ts'
import { slackMessage } from './slackMessage.ts'
import { slackTransportFor } from './slackTransportFor.ts'

export type TestMessageResult = { ok: true; detail: string } | { ok: false; detail: string }

/**
 * "Send test message" in settings: one message through the same transport and Block Kit as real
 * forwards, sent now (not through the outbox), so the answer says whether Slack took it.
 */
export async function sendSlackTestMessage(
  settings: SlackSettings,
  options: { salesforce: SalesforceSettings | null; log: Logger; clock?: () => number },
): Promise<TestMessageResult> {
  const clock = options.clock ?? Date.now
  // The @me lookup caches Slack users in SQLite; a test message needs no lasting cache.
  const store = createStore(openStore(':memory:'))
  try {
    const { transport } = slackTransportFor(settings, options.salesforce, store, clock, options.log)
    const result = await transport.send(
      slackMessage(testMoment(clock()), { instanceUrl: null, mentions: null }),
    )
    const where = settings.webhookUrl ? 'the webhook’s channel' : settings.channel
    return result.ok
      ? { ok: true, detail: `Sent a test message to ${where}` }
      : { ok: false, detail: `Slack did not take the test message: ${result.failure.reason}` }
  } finally {
    store.close()
  }
}

function testMoment(now: number): Moment {
  const at = new Date(now).toISOString()
  return {
    id: 'test-message',
    rule: 'test-message',
    ruleName: 'Test message',
    accountId: '',
    accountName: 'Moments',
    severity: 'low',
    title: 'Test message — Moments',
    body: 'Moments can post here. Delivered moments of your accounts will arrive like this one.',
    eventIds: [],
    occurredAt: at,
    loadedAt: at,
    recordedAt: at,
    status: 'delivered',
    snoozeReason: null,
    folded: 0,
    source: 'moments',
    event: {},
    readAt: null,
  }
}
