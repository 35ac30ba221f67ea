import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FaultProxy } from '../../support/faultProxy.ts'
import { liveSetup } from '../../support/liveSetup.ts'
import { waitFor } from '../../support/momentsProcess.ts'
import { createTestDatabase, type TestDatabase } from '../../support/postgres.ts'
import { SalesforceStandIn } from '../../support/salesforceStandIn.ts'
import { SlackStandIn } from '../../support/slackStandIn.ts'
import { accountsOwnedBy, standInUser } from '../../support/standInBook.ts'
import { readState } from '../../support/stateSnapshot.ts'

// Salesforce answering 401, then 500, then slowly, while `moments run` polls: the owned accounts
// come from the state file's cache meanwhile, so every event still becomes a moment (and reaches
// Slack) within a poll or two — a failing Salesforce must not hold the warehouse polls up. The
// run says what is wrong, doctor too, and it recovers by itself.
// MOMENTS_FAULTS_LONG=1: each phase lasts a minute.

const LONG = process.env.MOMENTS_FAULTS_LONG === '1'
const PHASE_MS = LONG ? 60_000 : 2_000
const me = standInUser(1, 'Ada Manager')
const [acme] = accountsOwnedBy(1, { OwnerId: me })

let db: TestDatabase
let salesforce: SalesforceStandIn
let proxy: FaultProxy
let slack: SlackStandIn

beforeAll(async () => {
  db = await createTestDatabase('salesforce_outage')
  salesforce = new SalesforceStandIn({ currentUser: me, accounts: acme ? [acme] : [] })
  await salesforce.start()
  proxy = new FaultProxy(salesforce.url)
  await proxy.start()
  slack = new SlackStandIn()
  await slack.start()
})

afterAll(async () => {
  await proxy?.close()
  await salesforce?.close()
  await slack?.close()
  await db?.drop()
})

describe('Salesforce 401, then 500, then slow, while moments run polls', () => {
  it('keeps turning events into moments from the cached accounts, says so, and recovers', async () => {
    const setup = await liveSetup({
      name: 'sf_outage',
      warehouseUrl: db.url,
      salesforce: { url: proxy.url, token: salesforce.accessToken },
      slack: { apiUrl: slack.apiUrl, token: slack.botToken },
      salesforceExtra: '  refresh: 1s\n',
    })
    const account = acme?.id as string
    const run = setup.run()
    const recorded = (id: string) => readState(setup.statePath).moments.some((m) => m.eventId === id)
    const stderr = () => run.stderr()
    try {
      await setup.insert('ev-healthy', account)
      await waitFor(() => recorded('ev-healthy'), stderr)

      // 401: the token expired. Nothing to retry: the cache answers at once.
      salesforce.expireToken()
      await setup.insert('ev-401', account)
      await waitFor(() => recorded('ev-401'), stderr)
      await waitFor(
        () => /Salesforce session expired.*using the owned accounts cached earlier/.test(stderr()),
        stderr,
      )
      const doctor = await setup.doctor()
      expect(doctor.code).toBe(1)
      expect(doctor.stdout).toMatch(/✗ salesforce\s+.*session expired/i)
      await pause(PHASE_MS)

      // 500: Salesforce is down; each refresh retries with backoff for up to half a minute.
      salesforce.renewToken()
      proxy.set({ kind: 'status', status: 500 })
      const before500 = proxy.requests.length
      await setup.insert('ev-500', account)
      await waitFor(() => recorded('ev-500'), stderr, 20_000)
      // The moment did not wait for the refresh to run out of retries (five requests, 15–30 s).
      expect(proxy.requests.length - before500).toBeLessThan(5)
      await waitFor(() => /Salesforce is unavailable \(HTTP 500/.test(stderr()), stderr, 40_000)
      await pause(PHASE_MS)

      // Slow: every answer comes 8 s late (under the 30 s request timeout).
      proxy.set({ kind: 'delay', ms: 8_000 })
      await setup.insert('ev-slow', account)
      await waitFor(() => recorded('ev-slow'), stderr, 20_000)
      // Recorded before any of the slow answers came.
      expect(proxy.requests.filter((r) => r.mode === 'delay' && r.status !== 0)).toEqual([])
      await pause(PHASE_MS)

      proxy.set({ kind: 'pass' })
      await waitFor(() => /owned accounts refreshed again/.test(stderr()), stderr, 90_000)
      await setup.insert('ev-recovered', account)
      await waitFor(() => recorded('ev-recovered'), stderr)
      await waitFor(() => slack.messages.length >= 5, stderr)
    } finally {
      run.kill('SIGTERM')
    }
    const { code } = await run.exited
    expect(code, stderr()).toBe(0)
    expect(stderr()).not.toMatch(/\n\s+at /)

    const state = readState(setup.statePath)
    const ids = ['ev-healthy', 'ev-401', 'ev-500', 'ev-slow', 'ev-recovered']
    expect(state.moments.map((m) => m.eventId)).toEqual(ids)
    expect(slack.messages.map((m) => /\((ev-[\w-]+)\)/.exec(m.text)?.[1])).toEqual(ids)
    expect(stderr()).not.toContain(salesforce.accessToken)
    const doctor = await setup.doctor()
    expect(doctor.code, doctor.stdout).toBe(0)
  }, 240_000)
})

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
