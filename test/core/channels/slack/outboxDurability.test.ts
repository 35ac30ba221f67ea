import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { outboxSender } from '../../../../main/core/channels/outboxSender.ts'
import type { Store } from '../../../../main/core/store/store.ts'
import { silentLog } from '../../../support/pipelineFixtures.ts'
import { SlackStandIn } from '../../../support/slackStandIn.ts'
import { stateDb } from '../../../support/stateDb.ts'
import {
  CHANNEL,
  DESTINATION,
  eventIdsOf,
  fileStore,
  forwarder,
  openSlack,
  outboxRows,
  seedMoments,
  stateFile,
} from './slackFixtures.ts'

// What survives a restart, a crash, and a second sender on the same state file.

let slack: SlackStandIn
const stores: Store[] = []

beforeEach(async () => {
  slack = new SlackStandIn({ channels: { moments: 'C0MOMENTS', other: 'C0OTHER' } })
  await slack.start()
})

afterEach(async () => {
  for (const store of stores.splice(0)) if (stateDb(store).open) store.close()
  await slack.close()
})

function open(path: string): Store {
  const store = fileStore(path)
  stores.push(store)
  return store
}

const bot = () => ({ botToken: slack.botToken, channel: CHANNEL, apiUrl: slack.apiUrl })

describe('the outbox across restarts', () => {
  it('a restart with a non-empty outbox delivers what was pending, each once, in order', async () => {
    const path = stateFile()
    const first = open(path)
    const events = seedMoments(first, 6)
    // The first run has time for about two messages (pace 300 ms), then exits.
    const report = await forwarder(first, { ...bot(), pace: '300ms' }).drain({ timeoutMs: 450 })
    expect(report.sent).toBeGreaterThan(0)
    expect(report.pending).toBe(6 - report.sent)
    first.close()

    const second = open(path)
    const again = await forwarder(second, bot()).drain({ timeoutMs: 5_000 })
    expect(again).toMatchObject({ sent: 6 - report.sent, pending: 0 })
    expect(eventIdsOf(slack.messages)).toEqual(events)
    expect(outboxRows(second).every((r) => r.status === 'sent')).toBe(true)
  })

  it('a retry scheduled before the restart keeps its time: nothing is sent early', async () => {
    const path = stateFile()
    const first = open(path)
    seedMoments(first, 1)
    slack.failNext(1, { status: 429, retryAfterSeconds: 30 })
    await forwarder(first, bot()).drain({ timeoutMs: 300 })
    first.close()

    const second = open(path)
    const report = await forwarder(second, bot()).drain({ timeoutMs: 300 })
    expect(report).toMatchObject({ sent: 0, pending: 1 })
    expect(slack.requests.filter((r) => r.kind === 'postMessage')).toHaveLength(1)
  })

  it('after a crash between a send and its mark, the forward is sent again once its lease runs out: one duplicate at most', async () => {
    const path = stateFile()
    const store = open(path)
    const events = seedMoments(store, 3)
    // A sender took the head, Slack accepted it, and the process died before marking it sent.
    const head = store.outbox.head(DESTINATION)
    expect(store.outbox.lease(head?.id ?? 0, Date.now(), Date.now() + 400)).toBe(true)
    const crashed = forwarder(store, bot())
    const onlyHead = await crashed.drain({ timeoutMs: 100 })
    expect(onlyHead.sent).toBe(0) // the lease keeps a live sender off it
    slack.messages.push({ ...fakeAccepted(events[0] as string) })

    const restarted = forwarder(open(path), bot())
    const report = await restarted.drain({ timeoutMs: 5_000 })
    expect(report).toMatchObject({ sent: 3, pending: 0 })
    expect(eventIdsOf(slack.messages)).toEqual([events[0], ...events])
  })

  it('two senders on one state file (the desktop app and a CLI) post each forward once', async () => {
    const path = stateFile()
    const events = seedMoments(open(path), 8)
    const [a, b] = [forwarder(open(path), bot()), forwarder(open(path), bot())]
    await Promise.all([a.drain({ timeoutMs: 5_000 }), b.drain({ timeoutMs: 5_000 })])
    expect(eventIdsOf(slack.messages)).toEqual(events)
  })
})

describe('a channel paused by an earlier run', () => {
  it('is tried again at once by the next run (the token or channel may be fixed), and still reported if not', async () => {
    const path = stateFile()
    const events = seedMoments(open(path), 2)
    slack.notIn.add(CHANNEL)
    const first = await forwarder(open(path), bot()).drain({ timeoutMs: 300 })
    expect(first.paused).toEqual([
      { destination: DESTINATION, name: `Slack ${CHANNEL}`, reason: expect.stringMatching(/not_in_channel/) },
    ])

    // The next run: still not invited. One probe, and it says so again.
    const second = await forwarder(open(path), bot()).drain({ timeoutMs: 300 })
    expect(second).toMatchObject({ sent: 0, retried: 1, paused: [{ destination: DESTINATION }] })

    slack.notIn.clear()
    const third = await forwarder(open(path), bot()).drain({ timeoutMs: 5_000 })
    expect(third).toMatchObject({ sent: 2, pending: 0, paused: [] })
    expect(eventIdsOf(slack.messages)).toEqual(events)
    expect(slack.requests.filter((r) => r.kind === 'postMessage').map((r) => r.error ?? r.status)).toEqual([
      'not_in_channel',
      'not_in_channel',
      200,
      200,
    ])
  })
})

describe('several channels', () => {
  it('each keeps its own order, and a channel Slack refuses does not hold up another', async () => {
    const store = open(stateFile())
    const ours = seedMoments(store, 3, { channel: '#moments' })
    const theirs = seedMoments(store, 3, { channel: '#other', first: 10 })
    slack.notIn.add('#other')
    const sender = outboxSender({
      store,
      channels: [openSlack(store, bot()), openSlack(store, { ...bot(), channel: '#other' })],
      pausedRetryMs: 200,
      log: silentLog,
    })
    const first = await sender.drain({ deadline: Date.now() + 1_000 })
    expect(first.paused).toEqual([
      { destination: 'slack:#other', name: 'Slack #other', reason: expect.stringMatching(/not_in_channel/) },
    ])
    expect(eventIdsOf(slack.messages)).toEqual(ours)

    slack.notIn.clear() // someone invited the bot
    const second = await sender.drain({ deadline: Date.now() + 5_000 })
    expect(second).toMatchObject({ sent: 3, pending: 0, paused: [] })
    expect(eventIdsOf(slack.messages.filter((m) => m.channel === '#other'))).toEqual(theirs)
  })
})

function fakeAccepted(eventId: string) {
  return {
    via: 'bot' as const,
    channel: CHANNEL,
    text: `(${eventId})`,
    blocks: [],
    ts: '0.000001',
    at: Date.now(),
  }
}
