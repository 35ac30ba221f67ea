import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { outboxSender } from '../../../../main/core/channels/outboxSender.ts'
import type { Store } from '../../../../main/core/store/store.ts'
import { memoryStore, silentLog } from '../../../support/pipelineFixtures.ts'
import { SlackStandIn } from '../../../support/slackStandIn.ts'
import {
  CHANNEL,
  DESTINATION,
  eventIdsOf,
  forwarder,
  openSlack,
  outboxRows,
  seedMoments,
} from './slackFixtures.ts'

// The outbox drained by the real @slack/web-api client into the Slack stand-in on 127.0.0.1.

let slack: SlackStandIn
let store: Store

beforeEach(async () => {
  slack = new SlackStandIn()
  await slack.start()
  store = memoryStore()
})

afterEach(async () => {
  store.close()
  await slack.close()
})

const bot = (settings: Record<string, unknown> = {}) => ({
  botToken: slack.botToken,
  channel: CHANNEL,
  apiUrl: slack.apiUrl,
  ...settings,
})

describe('draining the outbox to a channel', () => {
  it('posts in the order the moments were recorded, at most one per pace, and marks each sent', async () => {
    const events = seedMoments(store, 5)
    const starts: number[] = []
    const posting = openSlack(store, bot({ pace: '100ms' }))
    const timed: typeof posting = {
      ...posting,
      send: (message) => {
        // The pace is kept on the monotonic clock; the wall clock of a loaded VM was seen to step.
        starts.push(performance.now())
        return posting.send(message)
      },
    }
    const sender = outboxSender({ store, channels: [timed], log: silentLog })
    const report = await sender.drain({ deadline: Date.now() + 5_000 })

    expect(report).toMatchObject({ sent: 5, failed: 0, retried: 0, pending: 0, paused: [] })
    expect(eventIdsOf(slack.messages)).toEqual(events)
    for (let i = 1; i < starts.length; i++)
      expect((starts[i] ?? 0) - (starts[i - 1] ?? 0)).toBeGreaterThanOrEqual(99)
    expect(outboxRows(store).map((r) => [r.status, r.attempts])).toEqual(Array(5).fill(['sent', 1]))
    expect(outboxRows(store).every((r) => /^\d+\.\d{6}$/.test(r.sent_ref ?? ''))).toBe(true)
  })

  it('keeps its pace on a monotonic clock: a wall clock set back does not hold the channel that long', async () => {
    // Recorded a while ago, so the forwards are due whatever the clock says after its step.
    const events = seedMoments(store, 3, { now: Date.now() - 2 * 3_600_000 })
    let setBack = 0
    const posting = openSlack(store, bot({ pace: '100ms' }))
    const stepping: typeof posting = {
      ...posting,
      send: (message) => {
        // A time sync (or a user) sets the clock back an hour right after the first request starts.
        setBack = 3_600_000
        return posting.send(message)
      },
    }
    const clock = () => Date.now() - setBack
    const sender = outboxSender({ store, channels: [stepping], log: silentLog, clock })
    // Stopped after 5 s whatever the clocks say: paced on the wall clock, the second request would
    // wait the hour and the drain would end with two forwards pending.
    const report = await sender.drain({ deadline: clock() + 5_000, signal: AbortSignal.timeout(5_000) })

    expect(report).toMatchObject({ sent: 3, failed: 0, pending: 0 })
    expect(eventIdsOf(slack.messages)).toEqual(events)
  }, 30_000)

  it('honours a 429 Retry-After, then goes on in order', async () => {
    const events = seedMoments(store, 3)
    slack.failNext(1, { status: 429, retryAfterSeconds: 1 })
    const report = await forwarder(store, bot()).drain({ timeoutMs: 5_000 })

    expect(report).toMatchObject({ sent: 3, retried: 1, pending: 0 })
    expect(eventIdsOf(slack.messages)).toEqual(events)
    const posts = slack.requests.filter((r) => r.kind === 'postMessage')
    expect(posts.map((r) => r.status)).toEqual([429, 200, 200, 200])
    expect((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(1_000)
  })

  it('retries 500s with backoff until Slack answers', async () => {
    const events = seedMoments(store, 2)
    slack.failNext(3, { status: 500 })
    const report = await forwarder(store, bot()).drain({ timeoutMs: 5_000 })

    expect(report).toMatchObject({ sent: 2, retried: 3, pending: 0 })
    expect(eventIdsOf(slack.messages)).toEqual(events)
    expect(outboxRows(store)[0]).toMatchObject({ status: 'sent', attempts: 4, last_error: null })
  })

  it('retries a request that timed out, and one whose connection dropped', async () => {
    const events = seedMoments(store, 2)
    slack.failNext(1, { hang: true }).failNext(1, { dropConnection: true })
    const report = await forwarder(store, bot({ timeout: '300ms' })).drain({ timeoutMs: 5_000 })

    expect(report).toMatchObject({ sent: 2, retried: 2 })
    expect(eventIdsOf(slack.messages)).toEqual(events)
  })

  it('treats an internal_error as transient', async () => {
    seedMoments(store, 1)
    slack.failNext(1, { body: { ok: false, error: 'internal_error' } })
    const report = await forwarder(store, bot()).drain({ timeoutMs: 5_000 })
    // Tried again, not given up. (Once, here; a loaded machine has been seen to need one more try.)
    expect(report).toMatchObject({ sent: 1, failed: 0, pending: 0 })
    expect(report.retried).toBeGreaterThanOrEqual(1)
    expect(slack.requests.find((r) => r.kind === 'postMessage')?.error).toBe('internal_error')
    expect(slack.messages).toHaveLength(1)
  })

  it('gives up a message Slack refuses (invalid_blocks) at once, with the reason, and goes on', async () => {
    const events = seedMoments(store, 3)
    slack.failNext(1, { body: { ok: false, error: 'invalid_blocks' } })
    const report = await forwarder(store, bot()).drain({ timeoutMs: 5_000 })

    expect(report).toMatchObject({ sent: 2, failed: 1, pending: 0 })
    expect(eventIdsOf(slack.messages)).toEqual(events.slice(1))
    expect(outboxRows(store)[0]).toMatchObject({
      status: 'failed',
      last_error: 'Slack refused the message: invalid_blocks',
    })
    const failed = store.moments.list({ forwardFailed: true })
    expect(failed.map((m) => m.eventIds[0])).toEqual([events[0]])
  })
})

describe('a channel Slack will not take messages for', () => {
  it.each([
    ['invalid_auth', /invalid_auth \(the bot token is not valid/],
    ['channel_not_found', /channel_not_found \(no such channel/],
    ['not_in_channel', /not_in_channel \(the bot is not in the channel: invite it/],
  ])('%s: pauses the channel; the forwards stay queued with the reason', async (error, reason) => {
    seedMoments(store, 3)
    if (error === 'invalid_auth') slack.revokeToken()
    else if (error === 'channel_not_found') slack.channels = {}
    else slack.notIn.add(CHANNEL)
    const report = await forwarder(store, bot()).drain({ timeoutMs: 2_000 })

    expect(report).toMatchObject({ sent: 0, failed: 0, retried: 1, pending: 3 })
    expect(report.paused).toEqual([
      { destination: DESTINATION, name: `Slack ${CHANNEL}`, reason: expect.stringMatching(reason) },
    ])
    // One request, not one per forward: the rest wait behind the head, in order.
    expect(slack.requests.filter((r) => r.kind === 'postMessage')).toHaveLength(1)
    expect(outboxRows(store).map((r) => r.status)).toEqual(['pending', 'pending', 'pending'])
    expect(outboxRows(store)[0]?.last_error).toMatch(reason)
  })

  it('delivers what waited once the channel works again', async () => {
    const events = seedMoments(store, 3)
    slack.failNext(1, { body: { ok: false, error: 'invalid_auth' } })
    const report = await forwarder(store, bot(), { tuning: { pausedRetryMs: 100 } }).drain({
      timeoutMs: 5_000,
    })

    expect(report).toMatchObject({ sent: 3, retried: 1, pending: 0, paused: [] })
    expect(eventIdsOf(slack.messages)).toEqual(events)
  })
})

describe('giving up', () => {
  it('gives up a forward only when it is older than maxAge, saying why', async () => {
    const hourAgo = Date.now() - 3_600_000
    const [old] = seedMoments(store, 1, { now: hourAgo - 60_000 })
    const [recent] = seedMoments(store, 1, { first: 2, now: Date.now() })
    slack.failNext(1, { status: 503 })
    const report = await forwarder(store, bot({ maxAge: '1h' })).drain({ timeoutMs: 5_000 })

    expect(report).toMatchObject({ sent: 1, failed: 1, pending: 0 })
    expect(eventIdsOf(slack.messages)).toEqual([recent])
    expect(outboxRows(store)[0]).toMatchObject({
      status: 'failed',
      last_error: 'not delivered within 1h (0 attempts): never attempted',
    })
    expect(store.moments.list({ forwardFailed: true }).map((m) => m.eventIds[0])).toEqual([old])
  })

  it('keeps retrying within maxAge: a run that ends leaves the forward queued', async () => {
    seedMoments(store, 2)
    slack.failNext(100, { status: 500 })
    const report = await forwarder(store, bot()).drain({ timeoutMs: 600 })

    expect(report.sent).toBe(0)
    expect(report.pending).toBe(2)
    expect(outboxRows(store)[0]).toMatchObject({
      status: 'pending',
      last_error: 'Slack: HTTP 500 <html><body>Service Unavailable</body></html>',
    })
    expect(outboxRows(store)[0]?.attempts).toBeGreaterThan(1)
  })
})

describe('an incoming webhook', () => {
  const hook = () => ({ webhookUrl: slack.webhookUrl })

  it('posts the Block Kit message, in order', async () => {
    const events = seedMoments(store, 3, { channel: 'webhook' })
    const report = await forwarder(store, hook()).drain({ timeoutMs: 5_000 })

    expect(report).toMatchObject({ sent: 3, pending: 0 })
    expect(eventIdsOf(slack.messages)).toEqual(events)
    expect(slack.messages[0]?.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context'])
  })

  it("honours the webhook's 429 Retry-After (the client drops headers; a recording fetch keeps it)", async () => {
    seedMoments(store, 1, { channel: 'webhook' })
    slack.failNext(1, { status: 429, retryAfterSeconds: 1 })
    const report = await forwarder(store, hook()).drain({ timeoutMs: 5_000 })

    expect(report).toMatchObject({ sent: 1, retried: 1 })
    const [limited, accepted] = slack.requests.filter((r) => r.kind === 'webhook')
    expect((accepted?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1_000)
  })

  it('pauses on 404 no_service (a removed webhook) and fails a 400 invalid_payload message', async () => {
    seedMoments(store, 2, { channel: 'webhook' })
    slack.failNext(1, { status: 400 }).failNext(1, { status: 404 })
    const report = await forwarder(store, hook()).drain({ timeoutMs: 1_000 })

    expect(report).toMatchObject({ sent: 0, failed: 1, pending: 1 })
    expect(report.paused).toEqual([
      {
        destination: 'slack:webhook',
        name: 'Slack webhook',
        reason: 'Slack webhook: HTTP 404 no_service (the webhook was removed: make a new one)',
      },
    ])
    expect(outboxRows(store).map((r) => [r.status, r.last_error])).toEqual([
      ['failed', 'Slack webhook refused the message: 400 invalid_payload'],
      ['pending', 'Slack webhook: HTTP 404 no_service (the webhook was removed: make a new one)'],
    ])
  })

  it('never puts the webhook URL (its secret) in a reason', async () => {
    seedMoments(store, 1, { channel: 'webhook' })
    const url = slack.webhookUrl
    await slack.close()
    const report = await forwarder(store, { webhookUrl: url }).drain({ timeoutMs: 300 })

    expect(report.pending).toBe(1)
    expect(outboxRows(store)[0]?.last_error).toMatch(/^Slack webhook: cannot connect \(ECONNREFUSED\)$/)
  })
})
