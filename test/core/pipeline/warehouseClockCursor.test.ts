import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { OwnershipSnapshot } from '../../../main/core/ownership/ownedAccount.ts'
import { ownershipCache } from '../../../main/core/ownership/ownershipCache.ts'
import { createPoller } from '../../../main/core/pipeline/poller.ts'
import type { Store } from '../../../main/core/store/store.ts'
import { memoryStore, OTHER_ID, OWNED_ID, silentLog, TEST_RULES } from '../../support/pipelineFixtures.ts'
import { createTestDatabase, type TestDatabase } from '../../support/postgres.ts'
import '../../support/providedContext.ts'
import { RedshiftStandIn } from '../../support/redshiftStandIn/redshiftStandIn.ts'
import { testSource } from '../../support/testSource.ts'

// A quiet book's cursor moves on the warehouse's clock after each read, so a poll re-reads the
// lookback before the warehouse's time, not everything since the book's last row; and a row that
// was not committed when a read began is still read, once, when its loaded_at is within the
// lookback. On PostgreSQL, and on Redshift's terms through the stand-in.

const LOOKBACK_MS = 120_000
const MINUTE = 60_000

let database: TestDatabase
let loader: pg.Client
let standIn: RedshiftStandIn

beforeAll(async () => {
  database = await createTestDatabase('warehouse_clock')
  loader = new pg.Client({ connectionString: database.url })
  await loader.connect()
  const server = inject('pg')
  standIn = new RedshiftStandIn({ upstream: { host: server.host, port: server.port } })
  await standIn.start()
})

afterAll(async () => {
  await loader?.end()
  await standIn?.close()
  await database?.drop()
})

const ENDPOINTS = [
  ['PostgreSQL', () => database.url],
  ['Redshift (stand-in)', () => standIn.url(new URL(database.url).pathname.slice(1))],
] as const

describe.each(ENDPOINTS)('the cursor on the warehouse clock, %s', (engine, url) => {
  const table = `events_${engine === 'PostgreSQL' ? 'pg' : 'rs'}`
  let tableNumber = 0

  /** A fresh table; `loaded_at` is stamped by the warehouse, as a loader's DEFAULT now() does. */
  async function freshTable(): Promise<string> {
    const name = `${table}_${++tableNumber}`
    await loader.query(`CREATE TABLE ${name} (
      event_id text, loaded_at timestamptz DEFAULT now(), occurred_at timestamptz, source text,
      event_type text, account_id text, account_name text, user_name text, method text, url text)`)
    return name
  }

  /** A failed request (a moment under the test rules) of `account`, loaded `agoMs` before now(). */
  async function load(
    name: string,
    id: string,
    agoMs: number,
    account = OWNED_ID,
    client: pg.Client = loader,
  ): Promise<void> {
    await client.query(
      `INSERT INTO ${name} (event_id, loaded_at, occurred_at, source, event_type, account_id, account_name, user_name, method, url)
       VALUES ($1, now() - $2 * INTERVAL '1 millisecond', now() - $2 * INTERVAL '1 millisecond',
         'webserver', 'failed', $3, 'Acme Corp', 'Jo', 'GET', '/plumbing/inputs')`,
      [id, agoMs, account],
    )
  }

  async function warehouseNow(): Promise<number> {
    const { rows } = await loader.query<{ now: Date }>('SELECT clock_timestamp() AS now')
    return (rows[0] as { now: Date }).now.getTime()
  }

  function laptop(name: string, store: Store = memoryStore(), lookbackMs = LOOKBACK_MS) {
    const snapshot: OwnershipSnapshot = {
      userId: '005000000000001AAA',
      accounts: [{ id: OWNED_ID, name: 'Acme Corp', people: [] }],
    }
    const poller = createPoller({
      store,
      rules: TEST_RULES,
      ownership: ownershipCache({
        store,
        source: { id: 'test', fetch: async () => snapshot },
        refreshMs: 60_000,
        log: silentLog,
      }),
      source: testSource(url(), `SELECT * FROM ${name}`, { key: name, statementTimeoutMs: 10_000 }),
      lookbackMs,
      backfillMs: 86_400_000,
      forwardTo: [],
      // The laptop's clock and the warehouse's agree, as NTP keeps them.
      clock: () => Date.now(),
      log: silentLog,
    })
    return { poller, store, cursor: () => store.cursor.get(name) }
  }

  const recorded = (store: Store) => store.moments.list({}).flatMap((m) => m.eventIds)

  it("moves a quiet book's cursor to the warehouse's time of the read, past its last row", async () => {
    const name = await freshTable()
    await load(name, 'owned-old', 30 * MINUTE)
    // The rest of the warehouse is busy: other accounts' rows up to now.
    for (let i = 0; i < 5; i++) await load(name, `other-${i}`, i * 5 * MINUTE, OTHER_ID)
    const { poller, store, cursor } = laptop(name)
    const before = await warehouseNow()
    const report = await poller.poll()
    const after = await warehouseNow()
    expect(report.rows).toBe(1)
    expect(recorded(store)).toEqual(['owned-old'])
    // Not the last row's loaded_at (30 minutes ago): the start of the read's transaction.
    const at = cursor()?.loadedAtMs ?? 0
    expect(at).toBeGreaterThanOrEqual(before)
    expect(at).toBeLessThanOrEqual(after)
    expect(cursor()?.eventId).toBe('')
    await poller.close()
  })

  it('reads a row loaded late within the lookback once, after the cursor moved on the clock', async () => {
    const name = await freshTable()
    await load(name, 'owned-old', 30 * MINUTE)
    const { poller, store, cursor } = laptop(name)
    await poller.poll()
    const movedTo = cursor()?.loadedAtMs ?? 0
    // Committed now, stamped a minute before the time of the last read: within its lookback.
    const lateBy = (await warehouseNow()) - movedTo + MINUTE
    await load(name, 'owned-late', lateBy)
    // Committed now, stamped five minutes before the last read: more than a lookback late, which
    // the lookback never promised (before the cursor moved on the clock, a quiet book read it).
    await load(name, 'owned-too-late', (await warehouseNow()) - movedTo + 5 * MINUTE)
    const second = await poller.poll()
    expect(second.delivered).toBe(1)
    expect(recorded(store).sort()).toEqual(['owned-late', 'owned-old'])
    // And only once: the next polls re-read it within their lookback and skip it.
    const third = await poller.poll()
    expect(third).toMatchObject({ matches: 0, delivered: 0, snoozed: 0 })
    expect(recorded(store).sort()).toEqual(['owned-late', 'owned-old'])
    await poller.close()
  })

  it('reads the rows of a loading transaction still open during a poll, once it commits', async () => {
    const name = await freshTable()
    await load(name, 'owned-old', 30 * MINUTE)
    const slowLoader = new pg.Client({ connectionString: database.url })
    await slowLoader.connect()
    try {
      // The loader's transaction stamps loaded_at with its start (now()), then takes its time.
      await slowLoader.query('BEGIN')
      await load(name, 'owned-in-flight', 0, OWNED_ID, slowLoader)
      const { poller, store, cursor } = laptop(name)
      await poller.poll()
      // READ COMMITTED: the poll did not see the open transaction's row, and its cursor is past it.
      expect(recorded(store)).toEqual(['owned-old'])
      const { rows } = await slowLoader.query<{ at: Date }>(
        `SELECT loaded_at AS at FROM ${name} WHERE event_id = 'owned-in-flight'`,
      )
      expect(cursor()?.loadedAtMs ?? 0).toBeGreaterThan((rows[0] as { at: Date }).at.getTime())
      await slowLoader.query('COMMIT')
      await poller.poll()
      await poller.poll()
      expect(recorded(store).sort()).toEqual(['owned-in-flight', 'owned-old'])
      await poller.close()
    } finally {
      await slowLoader.end()
    }
  })

  it('leaves the cursor on the last row without a lookback, and when the warehouse clock runs ahead', async () => {
    const name = await freshTable()
    await load(name, 'owned-old', 30 * MINUTE)
    const { rows } = await loader.query<{ at: string }>(
      `SELECT loaded_at::text AS at FROM ${name} WHERE event_id = 'owned-old'`,
    )
    const lastRow = (rows[0] as { at: string }).at
    // No lookback: the keyset is all a poll has, and the last row's key its only safe place.
    const keysetOnly = laptop(name, memoryStore(), 0)
    await keysetOnly.poller.poll()
    expect(keysetOnly.cursor()).toMatchObject({ loadedAt: lastRow, eventId: 'owned-old' })
    await keysetOnly.poller.close()
    // A laptop whose clock is ten minutes behind the warehouse's: the clock is not trusted past the
    // time the poller would hold a row at.
    const store = memoryStore()
    const behind = createPoller({
      store,
      rules: TEST_RULES,
      ownership: null,
      source: testSource(url(), `SELECT * FROM ${name}`, { key: name, statementTimeoutMs: 10_000 }),
      lookbackMs: LOOKBACK_MS,
      backfillMs: 86_400_000,
      forwardTo: [],
      clock: () => Date.now() - 10 * MINUTE,
      log: silentLog,
    })
    await behind.poll()
    expect(store.cursor.get(name)).toMatchObject({ loadedAt: lastRow, eventId: 'owned-old' })
    await behind.close()
  })
})

it("asks Redshift for the transaction's start in its own terms", () => {
  // Every read through the stand-in above ran SYSDATE, and nothing was refused.
  expect(standIn.statements.filter((s) => /SYSDATE/.test(s)).length).toBeGreaterThan(0)
  expect(standIn.statements.some((s) => /transaction_timestamp/i.test(s))).toBe(false)
  expect(standIn.refusals).toEqual([])
})
