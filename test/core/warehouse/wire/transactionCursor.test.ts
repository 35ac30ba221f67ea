import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresPlan } from '../../../../main/core/warehouse/sources/postgres/postgresSource.ts'
import { pipelinedCursor } from '../../../../main/core/warehouse/wire/pipelinedCursor.ts'
import { transactionCursor } from '../../../../main/core/warehouse/wire/transactionCursor.ts'
import { openWireSession, type WireSession } from '../../../../main/core/warehouse/wire/wireSession.ts'
import { createTestDatabase, type TestDatabase } from '../../../support/postgres.ts'

// The read of every source: a cursor inside a read-only transaction. It asks for the next batch
// before handing over the current one (the server works while the pipeline records): rows still
// come complete and in order, stopping early is clean, and nothing it runs can write. The same
// promises hold for the statement-by-statement read (Redshift) and the pipelined one (PostgreSQL).

const rowsUpTo = (n: number, failAt = 0) => ({
  text: `SELECT 'e' || lpad(g::text, 6, '0') AS event_id, now() AS loaded_at, now() AS occurred_at,
    'webserver' AS source, 'request' AS event_type, NULL::text AS account_id, NULL::text AS account_name,
    1 / (g - $1::int) AS inverse
    FROM generate_series(1, ${n}) g`,
  values: [String(failAt)],
})

describe.each([
  ['transactionCursor', transactionCursor],
  ['pipelinedCursor', pipelinedCursor],
])('%s on PostgreSQL', (_name, readCursor) => {
  let database: TestDatabase
  let session: WireSession

  beforeAll(async () => {
    database = await createTestDatabase('transaction_cursor')
    session = await openWireSession(postgresPlan(database.url))
  })
  afterAll(async () => {
    await session?.end()
    await database?.drop()
  })

  /** Within a transaction block, now() stands still from one statement to the next. */
  const inTransaction = async () => {
    const now = async () =>
      (await session.query<{ t: string }>('SELECT now()::text AS t, pg_sleep(0.002)')).rows[0]?.t
    const first = await now()
    const second = await now()
    return first === second
  }

  it('yields every row once, in order, in batches of the size asked, and ends its transaction', async () => {
    const sizes: number[] = []
    const ids: string[] = []
    for await (const batch of readCursor(session, rowsUpTo(4_500, -1), 1_000)) {
      sizes.push(batch.length)
      ids.push(...batch.map((r) => r.event_id as string))
    }
    expect(sizes).toEqual([1_000, 1_000, 1_000, 1_000, 500])
    expect(ids).toEqual(Array.from({ length: 4_500 }, (_, i) => `e${String(i + 1).padStart(6, '0')}`))
    expect(await inTransaction()).toBe(false)
  })

  it('leaves the session usable when the consumer stops while the next batch is on its way', async () => {
    for await (const batch of readCursor(session, rowsUpTo(10_000, -1), 1_000)) {
      expect(batch).toHaveLength(1_000)
      break
    }
    const { rows } = await session.query('SELECT 41 + 1 AS answer')
    expect(rows[0]?.answer).toBe(42)
    expect(await inTransaction()).toBe(false)
  })

  it('fails the iteration when a later batch fails in SQL, and the session still works', async () => {
    const seen: number[] = []
    const iterate = async () => {
      for await (const batch of readCursor(session, rowsUpTo(5_000, 2_500), 1_000)) seen.push(batch.length)
    }
    await expect(iterate()).rejects.toThrow(/division by zero/)
    expect(seen).toEqual([1_000, 1_000])
    const { rows } = await session.query('SELECT 1 AS one')
    expect(rows[0]?.one).toBe(1)
  })

  it('has the server produce the next batch while the consumer still holds this one', async () => {
    // Each row takes a transaction-level advisory lock (allowed in a read-only transaction), so
    // another session sees in pg_locks how many rows the server has produced so far. A cursor
    // that asked for the next batch only when the consumer came back would stay at one batch.
    const producing = {
      text: `SELECT 'e' || g AS event_id, now() AS loaded_at, now() AS occurred_at, 'webserver' AS source,
        'request' AS event_type, NULL::text AS account_id, NULL::text AS account_name,
        pg_advisory_xact_lock(7100000 + g) AS locked, $1::text AS x
        FROM generate_series(1, 30) g`,
      values: ['x'],
    }
    const observer = await openWireSession(postgresPlan(database.url))
    const produced = async () =>
      Number(
        (
          await observer.query<{ n: string }>(
            `SELECT count(*) AS n FROM pg_locks
             WHERE locktype = 'advisory' AND objid BETWEEN 7100001 AND 7100030`,
          )
        ).rows[0]?.n,
      )
    let whileHeld = 0
    try {
      for await (const batch of readCursor(session, producing, 10)) {
        if (batch[0]?.event_id !== 'e1') continue
        // Bounded: the second batch is produced within moments, or the cursor did not ask for it.
        for (let tries = 0; tries < 100; tries++) {
          whileHeld = await produced()
          if (whileHeld >= 20) break
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
      }
    } finally {
      await observer.end()
    }
    expect(whileHeld).toBe(20)
  })

  it('reads in a read-only transaction: a statement that writes fails, and writes nothing', async () => {
    await session.query('CREATE SEQUENCE IF NOT EXISTS moments_probe')
    const writing = { text: "SELECT nextval('moments_probe') AS n, $1::text AS x", values: ['x'] }
    const iterate = async () => {
      for await (const _ of readCursor(session, writing, 10)) {
      }
    }
    await expect(iterate()).rejects.toThrow(/read-only transaction/)
    const { rows } = await session.query<{ last_value: string; is_called: boolean }>(
      'SELECT last_value::text, is_called FROM moments_probe',
    )
    expect(rows[0]?.is_called).toBe(false)
  })
  it('refuses a statement that turns its transaction read-write, and the next read cannot write either', async () => {
    await session.query('CREATE SEQUENCE IF NOT EXISTS moments_hostile')
    const hostile = {
      text: `SELECT set_config('default_transaction_read_only', 'off', false) AS a,
        set_config('transaction_read_only', 'off', false) AS b, $1::text AS x`,
      values: ['x'],
    }
    const writing = { text: "SELECT nextval('moments_hostile') AS n, $1::text AS x", values: ['x'] }
    const drain = async (statement: { text: string; values: unknown[] }) => {
      for await (const _ of readCursor(session, statement, 10)) {
      }
    }
    await expect(drain(hostile)).rejects.toThrow(/read-write mode must be set before any query/)
    await expect(drain(writing)).rejects.toThrow(/read-only transaction/)
    const { rows } = await session.query<{ is_called: boolean }>('SELECT is_called FROM moments_hostile')
    expect(rows[0]?.is_called).toBe(false)
  })

  it("tells the clock the transaction's start once every row is read, no later than the rows' snapshot", async () => {
    const clock = {
      statement: 'SELECT extract(epoch FROM transaction_timestamp())::text AS started_at',
      told: [] as string[],
    }
    const timed = {
      text: `SELECT 'e' || g AS event_id, now() AS loaded_at, now() AS occurred_at, 'webserver' AS source,
        'request' AS event_type, NULL::text AS account_id, NULL::text AS account_name,
        extract(epoch FROM statement_timestamp())::text AS read_at, $1::text AS x FROM generate_series(1, 25) g`,
      values: ['x'],
    }
    const readAt: string[] = []
    for await (const batch of readCursor(session, timed, 10, {
      statement: clock.statement,
      read: (t) => clock.told.push(t),
    })) {
      expect(clock.told).toEqual([])
      readAt.push(...batch.map((r) => r.read_at as string))
    }
    expect(readAt).toHaveLength(25)
    expect(clock.told).toHaveLength(1)
    expect(Number(clock.told[0])).toBeLessThanOrEqual(Number(readAt[0]))

    for await (const _ of readCursor(session, timed, 10, {
      statement: clock.statement,
      read: (t) => clock.told.push(t),
    })) {
      break
    }
    expect(clock.told).toHaveLength(1)
  })
})
