import type { Moment } from '../../../shared/moment.ts'

/** The moment a channel's test message shows: plainly a test, from Moments, sent now. */
export function testMoment(now: number): Moment {
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
    account: null,
    readAt: null,
  }
}
