import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { streamRows } from '../../../main/core/warehouse/streamRows.ts'
import { createTestDatabase, type TestDatabase } from '../../support/postgres.ts'

// streamRows asks for the next batch before handing over the current one (PostgreSQL works while
// the pipeline records): rows still come complete and in order, and stopping early is clean.

const rowsUpTo = (n: number, failAt = 0) => ({
  text: `SELECT 'e' || lpad(g::text, 6, '0') AS event_id, now() AS loaded_at, now() AS occurred_at,
    'webserver' AS source, 'request' AS event_type, NULL::text AS account_id, NULL::text AS account_name,
    1 / (g - $1::int) AS inverse
    FROM generate_series(1, ${n}) g`,
  values: [String(failAt)],
})

describe('streamRows on PostgreSQL', () => {
  let database: TestDatabase
  let client: pg.Client

  beforeAll(async () => {
    database = await createTestDatabase('stream_rows')
    client = new pg.Client({ connectionString: database.url })
    await client.connect()
  })
  afterAll(async () => {
    await client?.end()
    await database?.drop()
  })

  it('yields every row once, in order, in batches of the size asked', async () => {
    const sizes: number[] = []
    const ids: string[] = []
    for await (const batch of streamRows({ client, query: rowsUpTo(4_500, -1), batchSize: 1_000 })) {
      sizes.push(batch.length)
      ids.push(...batch.map((r) => r.event_id as string))
    }
    expect(sizes).toEqual([1_000, 1_000, 1_000, 1_000, 500])
    expect(ids).toEqual(Array.from({ length: 4_500 }, (_, i) => `e${String(i + 1).padStart(6, '0')}`))
  })

  it('leaves the connection usable when the consumer stops while the next batch is on its way', async () => {
    for await (const batch of streamRows({ client, query: rowsUpTo(10_000, -1), batchSize: 1_000 })) {
      expect(batch).toHaveLength(1_000)
      break
    }
    const { rows } = await client.query('SELECT 41 + 1 AS answer')
    expect(rows[0].answer).toBe(42)
  })

  it('fails the iteration when a later batch fails in SQL, and the connection still works', async () => {
    const seen: number[] = []
    const iterate = async () => {
      for await (const batch of streamRows({ client, query: rowsUpTo(5_000, 2_500), batchSize: 1_000 }))
        seen.push(batch.length)
    }
    await expect(iterate()).rejects.toThrow(/division by zero/)
    expect(seen).toEqual([1_000, 1_000])
    const { rows } = await client.query('SELECT 1 AS one')
    expect(rows[0].one).toBe(1)
  })
})
