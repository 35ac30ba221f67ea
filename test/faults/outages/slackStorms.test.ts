import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FaultProxy } from '../../support/faultProxy.ts'
import { liveSetup } from '../../support/liveSetup.ts'
import { waitFor } from '../../support/momentsProcess.ts'
import { createTestDatabase, type TestDatabase } from '../../support/postgres.ts'
import { SalesforceStandIn } from '../../support/salesforceStandIn.ts'
import { SlackStandIn } from '../../support/slackStandIn.ts'
import { accountsOwnedBy, standInUser } from '../../support/standInBook.ts'
import { pendingForwards, readState } from '../../support/stateSnapshot.ts'

// Slack rate-limiting every post (429 with Retry-After), then failing every post (500), then
// hanging, while `moments run` keeps recording: the forwards wait in the outbox, in order, are
// retried as Slack asks (Retry-After) or with backoff, and all arrive once the storm is over —
// none lost, none twice, none out of order. Doctor shows the queue and the last error meanwhile.
// CI: storms of 5 s; MOMENTS_FAULTS_LONG=1: a minute each.

const LONG = process.env.MOMENTS_FAULTS_LONG === '1'
const STORM_MS = LONG ? 60_000 : 5_000
const me = standInUser(1, 'Ada Manager')
const [acme] = accountsOwnedBy(1, { OwnerId: me })

let db: TestDatabase
let salesforce: SalesforceStandIn
let slack: SlackStandIn
let proxy: FaultProxy

beforeAll(async () => {
  db = await createTestDatabase('slack_storms')
  salesforce = new SalesforceStandIn({ currentUser: me, accounts: acme ? [acme] : [] })
  await salesforce.start()
  slack = new SlackStandIn()
  const { url } = await slack.start()
  proxy = new FaultProxy(url)
  await proxy.start()
})

afterAll(async () => {
  await proxy?.close()
  await slack?.close()
  await salesforce?.close()
  await db?.drop()
})

describe('Slack 429 and 500 storms while moments run forwards', () => {
  it('queues, retries as told, and delivers every moment once, in order, after each storm', async () => {
    const setup = await liveSetup({
      name: 'slack_storms',
      warehouseUrl: db.url,
      salesforce: { url: salesforce.url, token: salesforce.accessToken },
      slack: { apiUrl: `${proxy.url}/api/`, token: slack.botToken },
    })
    const account = acme?.id as string
    const run = setup.run()
    const stderr = () => run.stderr()
    const ids: string[] = []
    const add = async (count: number, label: string) => {
      for (let i = 1; i <= count; i++) {
        const id = `ev-${label}-${i}`
        ids.push(id)
        await setup.insert(id, account)
      }
    }
    const deliveredAll = () => slack.messages.length >= ids.length && pendingForwards(setup.statePath) === 0
    try {
      await add(2, 'calm')
      await waitFor(deliveredAll, stderr)

      // 429 storm: every post refused with Retry-After: 1.
      // The storm lasts until doctor has looked (a loaded machine may take longer than the storm
      // to start it), and at least STORM_MS.
      const stormStart = slack.requests.length
      const stormStartedAt = Date.now()
      slack.rateLimitFor(10 * 60_000, 1)
      await add(5, 'ratelimited')
      await waitFor(() => /Slack: 429 rate limited/.test(stderr()), stderr)
      const doctor = await setup.doctor()
      const rest = STORM_MS - (Date.now() - stormStartedAt)
      if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest))
      slack.rateLimitFor(0)
      const stormMs = Date.now() - stormStartedAt
      expect(doctor.stdout).toMatch(/queued for Slack #moments: \d+ .*last error: Slack: 429 rate limited/)
      await waitFor(deliveredAll, stderr, 60_000)
      const refused = slack.requests.slice(stormStart).filter((r) => r.status === 429).length
      expect(refused).toBeGreaterThan(0)
      // About one attempt per Retry-After, not a flood.
      expect(refused).toBeLessThanOrEqual(stormMs / 1_000 + 3)

      // 500 storm: Slack is down; exponential backoff from 1 s.
      proxy.set({ kind: 'status', status: 500 })
      await add(5, 'down')
      await waitFor(() => /Slack: HTTP 500.*; trying again in/.test(stderr()), stderr)
      await new Promise((resolve) => setTimeout(resolve, STORM_MS))
      expect(slack.messages.length).toBe(ids.length - 5)
      proxy.set({ kind: 'pass' })
      await waitFor(deliveredAll, stderr, LONG ? 400_000 : 90_000)

      // Hanging: requests time out (slack.timeout 2 s) and are tried again.
      proxy.set({ kind: 'hang' })
      await add(2, 'hung')
      await waitFor(() => proxy.requests.filter((r) => r.mode === 'hang').length >= 2, stderr, 30_000)
      proxy.set({ kind: 'pass' })
      await waitFor(deliveredAll, stderr, 90_000)
    } finally {
      run.kill('SIGTERM')
    }
    const { code } = await run.exited
    expect(code, stderr()).toBe(0)
    expect(stderr()).not.toMatch(/\n\s+at /)

    // None lost, none twice, in the order they were recorded.
    expect(slack.messages.map((m) => /\((ev-[\w-]+)\)/.exec(m.text)?.[1])).toEqual(ids)
    const state = readState(setup.statePath)
    expect(state.outbox.every((o) => o.status === 'sent')).toBe(true)
    expect(state.moments.map((m) => m.eventId)).toEqual(ids)
    expect(stderr()).not.toContain(slack.botToken)
  }, 600_000)
})
