import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OwnershipSnapshot } from '../../../main/core/ownership/ownedAccount.ts'
import { ownershipCache } from '../../../main/core/ownership/ownershipCache.ts'
import { createPoller } from '../../../main/core/pipeline/poller.ts'
import { memoryStore, OTHER_ID, OWNED_ID, silentLog, TEST_RULES } from '../../support/pipelineFixtures.ts'
import { stateDb } from '../../support/stateDb.ts'
import { testSource } from '../../support/testSource.ts'
import { ENGINES, type WarehouseUnderTest } from '../../warehouse/warehouseUnderTest.ts'

// The poller against a real engine: keyset cursor, lookback, de-duplication, the ownership
// filter in SQL, contract-breaking rows, and a restart. Same suite on PostgreSQL and PGlite.

const NOW = Date.UTC(2026, 10, 26, 12, 0)

describe.each(ENGINES)('polling %s', (_, open) => {
  let warehouse: WarehouseUnderTest

  beforeAll(async () => {
    warehouse = await open('poller')
    await warehouse.client.query(`CREATE TABLE events (
      event_id text, loaded_at timestamptz, occurred_at timestamptz, source text, event_type text,
      account_id text, account_name text, user_name text, method text, url text, feature text)`)
  })
  afterAll(async () => warehouse?.close())

  async function insert(
    table: string,
    id: string | null,
    loadedMinute: number,
    extra: Record<string, unknown> = {},
  ) {
    const row = {
      event_id: id,
      // microseconds on purpose: the cursor must keep them
      loaded_at: new Date(NOW - 60 * 60_000 + loadedMinute * 60_000).toISOString().replace('Z', '123+00'),
      occurred_at: new Date(NOW - 61 * 60_000 + loadedMinute * 60_000).toISOString(),
      source: 'webserver',
      event_type: 'code_engine_run',
      account_id: OWNED_ID,
      account_name: 'Acme Corp',
      user_name: 'Jo',
      method: 'POST',
      url: '/transform/functions/run',
      feature: null,
      ...extra,
    }
    const keys = Object.keys(row)
    await warehouse.client.query(
      `INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')})`,
      Object.values(row),
    )
  }

  function poller(store = memoryStore(), table = 'events', accounts = [OWNED_ID], forwardTo: string[] = []) {
    const snapshot: OwnershipSnapshot = {
      userId: '005000000000001AAA',
      accounts: accounts.map((id) => ({ id, name: id, people: [] })),
    }
    let now = NOW
    const p = createPoller({
      store,
      rules: TEST_RULES,
      ownership: ownershipCache({
        store,
        source: { id: 'test', fetch: async () => snapshot },
        refreshMs: 60_000,
        log: silentLog,
      }),
      source: testSource(warehouse.url, `SELECT * FROM ${table}`, {
        key: `test-${table}`,
        statementTimeoutMs: 10_000,
        batchSize: 3,
      }),
      lookbackMs: 120_000,
      backfillMs: 86_400_000,
      forwardTo,
      clock: () => now,
      log: silentLog,
    })
    return { poller: p, store, advance: (ms: number) => (now += ms) }
  }

  it('reads new rows of owned accounts only, in batches, and keeps the cursor to the microsecond', async () => {
    await warehouse.client.query('CREATE TABLE events_a (LIKE events)')
    for (let i = 0; i < 7; i++) await insert('events_a', `a-${i}`, i * 5)
    await insert('events_a', 'a-other', 1, { account_id: OTHER_ID })
    await insert('events_a', 'a-null', 2, { account_id: null })
    const { poller: p, store } = poller(undefined, 'events_a')
    const batches: number[] = []
    const report = await p.poll({ onBatch: (b) => batches.push(b.rows) })
    expect(report.rows).toBe(7) // the unowned and the NULL-account rows never left the warehouse
    expect(batches).toEqual([3, 3, 1])
    expect(store.cursor.get('test-events_a')).toMatchObject({
      eventId: 'a-6',
      loadedAt: expect.stringMatching(/\.000123\+00$/),
    })
    expect(report.delivered + report.snoozed).toBe(7)
    await p.close()
  })

  it("records a poll's batches after its first with the catch-up's WAL checkpoints, and SQLite's again after it", async () => {
    await warehouse.client.query('CREATE TABLE events_wal (LIKE events)')
    for (let i = 0; i < 7; i++) await insert('events_wal', `w-${i}`, i * 5)
    const { poller: p, store, advance } = poller(undefined, 'events_wal')
    const checkpointEvery = () => stateDb(store).pragma('wal_autocheckpoint', { simple: true })
    const during: unknown[] = []
    await p.poll({ onBatch: () => during.push(checkpointEvery()) })
    // Batches of three: a head poll (one batch) never leaves SQLite's checkpoints.
    expect(during).toEqual([1_000, 40_000, 40_000])
    expect(checkpointEvery()).toBe(1_000)
    await insert('events_wal', 'w-new', 40)
    advance(60_000)
    const head: unknown[] = []
    await p.poll({ onBatch: () => head.push(checkpointEvery()) })
    expect(head).toEqual([1_000])
    await p.close()
  })

  it('picks up a row committed late within the lookback, once, after a restart', async () => {
    await warehouse.client.query('CREATE TABLE events_b (LIKE events)')
    await insert('events_b', 'b-1', 10)
    await insert('events_b', 'b-2', 20)
    const first = poller(undefined, 'events_b')
    await first.poller.poll()
    await first.poller.close()
    // Committed late: stamped a minute before the cursor.
    await insert('events_b', 'b-late', 19, { event_type: 'failed', method: 'GET' })
    // Committed far too late: beyond the lookback, not read again.
    await insert('events_b', 'b-too-late', 5, { event_type: 'failed', method: 'GET' })
    const restarted = poller(first.store, 'events_b')
    const report = await restarted.poller.poll()
    expect(report.moments.map((m) => m.eventIds[0])).toEqual([])
    expect(report.delivered).toBe(1)
    expect(restarted.store.moments.list({ ruleId: 'never-snoozed' }).map((m) => m.eventIds[0])).toEqual([
      'b-late',
    ])
    // Polling again changes nothing: every row is a re-read now.
    const again = await restarted.poller.poll()
    expect(again).toMatchObject({ matches: 0, delivered: 0, snoozed: 0 })
    await restarted.poller.close()
  })

  it('skips and counts rows that break the contract, and goes on', async () => {
    await warehouse.client.query('CREATE TABLE events_c (LIKE events)')
    await insert('events_c', null, 1)
    await insert('events_c', 'c-nosource', 2, { source: null })
    await insert('events_c', 'c-ok', 3)
    const { poller: p, store } = poller(undefined, 'events_c')
    const report = await p.poll()
    expect(report.skipped).toEqual({ 'missing-event-id': 1, 'missing-source': 1 })
    expect(report.delivered).toBe(1)
    expect(store.counters.list().map((c) => [c.kind, c.count])).toEqual(
      expect.arrayContaining([
        ['missing-event-id', 1],
        ['missing-source', 1],
      ]),
    )
    await p.close()
  })

  it('forwards nothing from the very first backfill, then forwards what is new', async () => {
    await warehouse.client.query('CREATE TABLE events_f (LIKE events)')
    await insert('events_f', 'f-old', 1, { event_type: 'failed', method: 'GET' })
    const { poller: p, store } = poller(undefined, 'events_f', [OWNED_ID], ['#team'])
    expect((await p.poll()).delivered).toBe(1)
    await insert('events_f', 'f-new', 30, { event_type: 'failed', method: 'GET' })
    expect((await p.poll()).delivered).toBe(1)
    const queued = stateDb(store).prepare('SELECT moment_id FROM outbox').all() as { moment_id: string }[]
    expect(queued.map((q) => store.moments.get(q.moment_id)?.eventIds[0])).toEqual(['f-new'])
    await p.close()
  })

  it('remembers where an empty warehouse was first read, so the next poll is not a first one', async () => {
    await warehouse.client.query('CREATE TABLE events_g (LIKE events)')
    const { poller: p, store } = poller(undefined, 'events_g', [OWNED_ID], ['#team'])
    await p.poll()
    expect(store.cursor.get('test-events_g')).toMatchObject({ eventId: '' })
    await insert('events_g', 'g-1', 59, { event_type: 'failed', method: 'GET' })
    await p.poll()
    expect(stateDb(store).prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 1 })
    await p.close()
  })

  it('says which contract column a query lacks', async () => {
    await warehouse.client.query(
      'CREATE TABLE events_d (event_id text, loaded_at timestamptz, occurred_at timestamptz)',
    )
    const { poller: p } = poller(undefined, 'events_d')
    await expect(p.poll()).rejects.toThrow(
      /warehouse\.query does not return the required column (account_id|source)/,
    )
    await p.close()
  })

  it('fails the poll with the reason when the warehouse query fails, and recovers on the next', async () => {
    await warehouse.client.query('CREATE TABLE events_e (LIKE events)')
    await insert('events_e', 'e-1', 1)
    const store = memoryStore()
    const { poller: broken } = poller(store, 'events_e_missing')
    await expect(broken.poll()).rejects.toThrow(/events_e_missing/)
    expect(store.sync.get().lastError).toMatch(/events_e_missing/)
    const { poller: p } = poller(store, 'events_e')
    expect((await p.poll()).delivered).toBe(1)
    expect(store.sync.get().lastError).toBeNull()
    await broken.close()
    await p.close()
  })
})
