import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OwnershipSnapshot } from '../../../main/core/ownership/ownedAccount.ts'
import { ownershipCache } from '../../../main/core/ownership/ownershipCache.ts'
import { type CatchUpProgress, createPoller, type PollReport } from '../../../main/core/pipeline/poller.ts'
import type { EventSource } from '../../../main/core/warehouse/eventSource.ts'
import { memoryStore, OTHER_ID, OWNED_ID, silentLog, TEST_RULES } from '../../support/pipelineFixtures.ts'
import { testSource } from '../../support/testSource.ts'
import { ENGINES, type WarehouseUnderTest } from '../../warehouse/warehouseUnderTest.ts'

// Ownership is filtered in the warehouse query, so an account that becomes yours has its earlier
// events read once, when a refresh finds it: recorded, forwarded nowhere, the cursor untouched.
// Against PostgreSQL, through the real source and the real ownership cache.

const NOW = Date.UTC(2026, 10, 26, 12, 0)
const MINUTE = 60_000
const A = OWNED_ID
const B = OTHER_ID
const REFRESH_MS = 10 * MINUTE

describe('the hand-over of accounts newly owned', () => {
  let warehouse: WarehouseUnderTest
  let tables = 0

  beforeAll(async () => {
    warehouse = await ENGINES[0][1]('handover')
  })
  afterAll(async () => warehouse?.close())

  /** A fresh table, a book that the test changes, a clock it moves, and the poller over them. */
  async function setup() {
    const table = `events_${++tables}`
    await warehouse.client.query(`CREATE TABLE ${table} (
      event_id text, loaded_at timestamptz, occurred_at timestamptz, source text, event_type text,
      account_id text, account_name text, user_name text, method text, url text, feature text)`)
    const insert = async (id: string, account: string, minute: number) => {
      const at = new Date(NOW - 60 * MINUTE + minute * MINUTE).toISOString()
      await warehouse.client.query(
        `INSERT INTO ${table} VALUES ($1, $2, $2, 'webserver', 'failed', $3, $4, 'Jo', 'GET', '/', NULL)`,
        [id, at, account, account === A ? 'Acme Corp' : 'Bolt Ltd'],
      )
    }
    let book = [A]
    let salesforceDown = false
    let now = NOW
    const store = memoryStore()
    const ownership = ownershipCache({
      store,
      source: {
        id: 'salesforce:test',
        async fetch(): Promise<OwnershipSnapshot> {
          if (salesforceDown) throw new Error('Salesforce could not be reached (ECONNREFUSED)')
          return { userId: '005000000000001AAA', accounts: book.map((id) => ({ id, name: id, people: [] })) }
        },
      },
      refreshMs: REFRESH_MS,
      log: silentLog,
      waitMs: 5_000,
      noteHandovers: true,
    })
    let failHandoverRead = false
    const real = testSource(warehouse.url, `SELECT * FROM ${table}`, { key: table, batchSize: 2 })
    const source: EventSource = {
      ...real,
      rowsAfter(window, ids) {
        if (failHandoverRead && ids?.length === 1) throw new Error('the warehouse went away')
        return real.rowsAfter(window, ids)
      },
    }
    const poller = createPoller({
      store,
      rules: TEST_RULES,
      ownership,
      source,
      lookbackMs: 2 * MINUTE,
      backfillMs: 86_400_000,
      forwardTo: ['slack:#moments'],
      clock: () => now,
      log: silentLog,
    })
    const handedOver: CatchUpProgress[] = []
    const poll = (): Promise<PollReport> =>
      poller.poll({ onHandover: (_, progress) => handedOver.push(progress) })
    const forwarded = () =>
      store.outbox
        .forwardsOf(store.moments.list({}, { limit: 100 }).map((m) => m.id))
        .map((f) => store.moments.get(f.momentId)?.eventIds[0])
        .sort()
    return {
      store,
      insert,
      poll,
      handedOver,
      forwarded,
      recorded: () =>
        store.moments
          .list({}, { limit: 100 })
          .map((m) => m.eventIds[0])
          .sort(),
      assign: (next: string[]) => {
        book = next
      },
      later: (ms: number) => {
        now += ms
      },
      salesforce: (down: boolean) => {
        salesforceDown = down
      },
      failHandoverRead: (fail: boolean) => {
        failHandoverRead = fail
      },
      close: () => poller.close(),
    }
  }

  it("reads a newly assigned account's earlier events once, recorded but forwarded nowhere", async () => {
    const t = await setup()
    await t.insert('b-early', B, 5)
    await t.insert('b-later', B, 8)
    await t.insert('a-1', A, 10)
    await t.poll() // the first poll: its backfill forwards nothing
    await t.insert('a-2', A, 20)
    await t.poll()
    expect(t.recorded()).toEqual(['a-1', 'a-2'])

    t.assign([A, B])
    t.later(REFRESH_MS)
    await t.insert('b-new', B, 30)
    const report = await t.poll()

    expect(report.handover).toEqual({ accounts: 1, moments: 2, delivered: 2 })
    expect(t.recorded()).toEqual(['a-1', 'a-2', 'b-early', 'b-later', 'b-new'])
    // Only what happened after the hand-over is told as new.
    expect(t.forwarded()).toEqual(['a-2', 'b-new'])
    expect(t.handedOver).toHaveLength(1)
    expect(t.store.handovers.pending()).toEqual([])

    // Read once: the next polls find nothing more to hand over.
    t.later(REFRESH_MS)
    expect((await t.poll()).handover).toBeNull()
    await t.close()
  })

  it('hands over an account assigned while Salesforce was down and the cached book was used', async () => {
    const t = await setup()
    await t.insert('a-1', A, 5)
    await t.poll()
    t.salesforce(true)
    t.assign([A, B])
    t.later(REFRESH_MS)
    await t.insert('b-during', B, 10)
    await t.insert('a-during', A, 11)
    const during = await t.poll()
    expect(during.ownershipProblem).toMatch(/ECONNREFUSED/)
    expect(t.recorded()).toEqual(['a-1', 'a-during'])

    t.salesforce(false)
    t.later(REFRESH_MS)
    const after = await t.poll()

    expect(after.handover?.moments).toBe(1)
    expect(t.recorded()).toEqual(['a-1', 'a-during', 'b-during'])
    expect(t.forwarded()).toEqual(['a-during'])
    await t.close()
  })

  it('stops an account taken away at the refresh that finds it gone, and never hands it over', async () => {
    const t = await setup()
    t.assign([A, B])
    await t.insert('a-1', A, 5)
    await t.insert('b-1', B, 6)
    await t.poll()
    t.assign([A])
    t.later(REFRESH_MS)
    await t.insert('b-2', B, 20)
    await t.insert('a-2', A, 21)
    const report = await t.poll()

    expect(report.handover).toBeNull()
    expect(t.recorded()).toEqual(['a-1', 'a-2', 'b-1'])
    await t.close()
  })

  it('keeps a hand-over whose read failed, and reads it at the next poll', async () => {
    const t = await setup()
    await t.insert('b-1', B, 3)
    await t.insert('a-1', A, 5)
    await t.poll()
    t.assign([A, B])
    t.later(REFRESH_MS)
    t.failHandoverRead(true)
    await expect(t.poll()).rejects.toThrow(/went away/)
    expect(t.store.handovers.pending().map((h) => h.accountId)).toEqual([B])

    t.failHandoverRead(false)
    const report = await t.poll()

    expect(report.handover?.moments).toBe(1)
    expect(t.recorded()).toEqual(['a-1', 'b-1'])
    expect(t.forwarded()).toEqual([])
    await t.close()
  })

  it('hands nothing over at the very first refresh: the backfill reads the whole book', async () => {
    const t = await setup()
    t.assign([A, B])
    await t.insert('b-1', B, 5)
    const report = await t.poll()

    expect(report.handover).toBeNull()
    expect(t.recorded()).toEqual(['b-1'])
    expect(t.store.handovers.pending()).toEqual([])
    await t.close()
  })
})
