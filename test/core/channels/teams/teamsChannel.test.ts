import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { channelForwarding } from '../../../../main/core/channels/forwarding.ts'
import { teamsChannel } from '../../../../main/core/channels/teams/teamsChannel.ts'
import { teamsSchema } from '../../../../main/core/channels/teams/teamsConfig.ts'
import type { SalesforceSettings } from '../../../../main/core/config/configSchema.ts'
import type { Store } from '../../../../main/core/store/store.ts'
import { memoryStore, silentLog } from '../../../support/pipelineFixtures.ts'
import { TeamsStandIn } from '../../../support/teamsStandIn.ts'
import { outboxRows, seedMoments } from '../slack/slackFixtures.ts'
import { cardProblems } from './adaptiveCards.ts'

// The outbox drained through the real Teams channel (fetch, the card, the failure rules) into
// the Teams Workflows stand-in on 127.0.0.1.

const DESTINATION = 'teams:webhook'
const salesforce = { instanceUrl: 'https://acme.my.salesforce.com' } as SalesforceSettings

let teams: TeamsStandIn
let store: Store

beforeEach(async () => {
  teams = new TeamsStandIn()
  await teams.start()
  store = memoryStore()
})

afterEach(async () => {
  store.close()
  await teams.close()
})

function forwarder(settings: Record<string, unknown> = {}, pausedRetryMs = 60_000) {
  const channel = teamsChannel.open(
    teamsSchema.parse({ webhookUrl: teams.webhookUrl, pace: '20ms', timeout: '1s', ...settings }),
    { store, salesforce, directory: null, clock: Date.now, log: silentLog },
  )
  return channelForwarding({
    store,
    channels: [channel],
    log: silentLog,
    tuning: { retryBaseMs: 20, retryMaxMs: 200, pausedRetryMs, random: () => 0.5 },
  })
}

/** The event id each posted card's message names (unescaped, as a reader sees it), in the order Teams got them. */
const eventIdsOfCards = () =>
  teams.cards.map((c) => {
    const text = ((c.card.body as Array<{ text: string }>)[1]?.text ?? '').replace(/\\(.)/g, '$1')
    return /\((ev-[^)]+)\)/.exec(text)?.[1]
  })

const seed = (count: number, first = 1) => seedMoments(store, count, { channel: DESTINATION, first })

describe('forwarding to a Teams Workflows webhook', () => {
  it('posts each delivered moment as a valid card, in order, as JSON, and marks each sent', async () => {
    const events = seed(5)
    // A generous timeout: on a loaded machine a 1 s timeout can fire after Teams accepted the
    // card, and the retry posts it twice (Teams keeps no idempotency key) — not what this test is about.
    const report = await forwarder({ pace: '300ms', timeout: '10s' }).drain({ timeoutMs: 20_000 })

    // The pace keeps the sender under four a second, but a stalled machine can still deliver four
    // within a second to the stand-in; each such 429 is one honest retry, and nothing else is.
    const throttled = teams.requests.filter((r) => r.status === 429).length
    expect(report).toMatchObject({ sent: 5, failed: 0, retried: throttled, pending: 0, paused: [] })
    expect(eventIdsOfCards()).toEqual(events)
    expect(teams.requests.every((r) => r.contentType === 'application/json')).toBe(true)
    expect(teams.requests.filter((r) => r.status === 202)).toHaveLength(5)
    for (const { card } of teams.cards) expect(cardProblems(card)).toEqual([])
    expect(teams.cards[0]?.card.actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Open in Salesforce',
        url: 'https://acme.my.salesforce.com/lightning/r/Account/001000000000001AAA/view',
      },
    ])
    const rows = outboxRows(store)
    expect(rows.map((r) => [r.status, r.sent_ref])).toEqual(Array(5).fill(['sent', null]))
    expect(rows.reduce((sum, r) => sum + r.attempts, 0)).toBe(5 + throttled)
  })

  it('keeps its pace, and stays under the connectors’ four requests a second', async () => {
    seed(6)
    const report = await forwarder({ pace: '300ms' }).drain({ timeoutMs: 5_000 })
    expect(report.sent).toBe(6)
    // As the stand-in received them: the pace is kept between the starts of the requests, so one
    // that arrives late (a busy machine) shortens the gap after it by as much as it lengthened the
    // one before. Over the whole run the jitter cancels out; unpaced they would be milliseconds apart.
    const at = teams.requests.map((r) => r.at)
    expect(at).toHaveLength(6)
    expect((at[5] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(5 * 250)
    // Never four within a second (the connectors' limit), however the arrivals bunch up.
    for (let i = 3; i < at.length; i++) expect((at[i] ?? 0) - (at[i - 3] ?? 0)).toBeGreaterThanOrEqual(750)
    expect(teams.requests.every((r) => r.status === 202)).toBe(true)
  })

  it('honours a 429 Retry-After, then goes on in order', async () => {
    const events = seed(3)
    teams.failNext(1, {
      status: 429,
      retryAfterSeconds: 1,
      body: { error: { code: 'WorkflowRequestsThrottled' } },
    })
    const report = await forwarder().drain({ timeoutMs: 5_000 })

    expect(report).toMatchObject({ sent: 3, retried: 1, pending: 0 })
    expect(eventIdsOfCards()).toEqual(events)
    expect(teams.requests.map((r) => r.status)).toEqual([429, 202, 202, 202])
    expect((teams.requests[1]?.at ?? 0) - (teams.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(1_000)
  })

  it('is throttled by Teams when it sends faster than four a second, and still delivers everything once', async () => {
    seed(8)
    const report = await forwarder({ pace: 0 }).drain({ timeoutMs: 10_000 })
    expect(report).toMatchObject({ sent: 8, pending: 0 })
    expect(teams.requests.some((r) => r.status === 429)).toBe(true)
    expect(teams.cards).toHaveLength(8)
  })

  it('retries 5xx, timeouts and dropped connections with backoff', async () => {
    seed(2)
    teams.failNext(2, { status: 502 }).failNext(1, { hang: true }).failNext(1, { dropConnection: true })
    const report = await forwarder({ timeout: '300ms' }).drain({ timeoutMs: 5_000 })
    expect(report).toMatchObject({ sent: 2, retried: 4, pending: 0 })
  })

  it('reads an Office 365 connector’s “200, but returned HTTP error 429” as the 429 it is', async () => {
    seed(1)
    teams.failNext(1, { wrappedStatus: 429 })
    const report = await forwarder().drain({ timeoutMs: 5_000 })
    expect(report).toMatchObject({ sent: 1, retried: 1 })
  })

  it('gives up a message Teams refuses (400) at once, with the reason, and goes on', async () => {
    seed(2)
    teams.failNext(1, { status: 400, body: { error: { code: 'InvalidRequestContent', message: 'x' } } })
    const report = await forwarder().drain({ timeoutMs: 5_000 })
    expect(report).toMatchObject({ sent: 1, failed: 1, pending: 0 })
    expect(outboxRows(store)[0]).toMatchObject({
      status: 'failed',
      last_error: 'Teams refused the message: HTTP 400 InvalidRequestContent',
    })
    expect(store.moments.list({ forwardFailed: true })).toHaveLength(1)
  })

  it.each([
    [
      'a signature that is not accepted',
      () => forwarder({ webhookUrl: teams.urlWith('wrong') }),
      /HTTP 401 DirectApiAuthorizationRequired \(the webhook URL is not accepted/,
    ],
    [
      'a deleted workflow',
      () => forwarder({ webhookUrl: teams.urlWith(teams.sig, 'f00d') }),
      /HTTP 404 WorkflowNotFound \(no such workflow/,
    ],
    [
      'a workflow turned off',
      () => {
        teams.enabled = false
        return forwarder()
      },
      /HTTP 409 WorkflowTriggerIsNotEnabled \(the workflow is turned off/,
    ],
  ])('pauses the channel on %s; the forwards stay queued, with the reason', async (_, make, reason) => {
    seed(3)
    const report = await make().drain({ timeoutMs: 1_000 })
    expect(report).toMatchObject({ sent: 0, failed: 0, pending: 3 })
    expect(report.paused).toEqual([
      { destination: DESTINATION, name: 'Microsoft Teams webhook', reason: expect.stringMatching(reason) },
    ])
    expect(teams.requests).toHaveLength(1)
  })

  it('delivers what waited once the workflow is on again', async () => {
    seed(2)
    teams.enabled = false
    const forwarding = forwarder({}, 100)
    expect((await forwarding.drain({ timeoutMs: 300 })).paused).toHaveLength(1)
    teams.enabled = true
    const report = await forwarding.drain({ timeoutMs: 5_000 })
    expect(report).toMatchObject({ sent: 2, pending: 0, paused: [] })
  })

  it('never puts the webhook URL (its sig is the secret) in a reason', async () => {
    seed(1)
    const url = teams.webhookUrl
    await teams.close()
    const report = await forwarder({ webhookUrl: url }).drain({ timeoutMs: 300 })
    expect(report.pending).toBe(1)
    const error = outboxRows(store)[0]?.last_error ?? ''
    expect(error).toMatch(/^Teams: cannot connect \(ECONNREFUSED\)$/)
    expect(error).not.toContain(teams.sig)
  })
})

describe('the settings window’s test message', () => {
  it('posts one valid card now, and says why when Teams refuses it', async () => {
    const settings = teamsSchema.parse({ webhookUrl: teams.webhookUrl })
    expect(await teamsChannel.sendTest(settings, { salesforce: null, log: silentLog })).toEqual({
      ok: true,
      detail: 'Sent a test card to the webhook’s channel',
    })
    expect(cardProblems(teams.cards[0]?.card)).toEqual([])
    const wrong = teamsSchema.parse({ webhookUrl: teams.urlWith('wrong') })
    const refused = await teamsChannel.sendTest(wrong, { salesforce: null, log: silentLog })
    expect(refused).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/^Teams did not take the test message: Teams: HTTP 401/),
    })
    expect(refused.detail).not.toContain('wrong')
  })
})
