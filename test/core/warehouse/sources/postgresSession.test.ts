import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../../support/postgres.ts'
import { testSource } from '../../../support/testSource.ts'

// The session a PostgreSQL source reads on: what the planner is told before a poll is planned.

let database: TestDatabase

beforeAll(async () => {
  database = await createTestDatabase('postgres_session')
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  await client.query(`CREATE TABLE events AS SELECT 'e-1' AS event_id, now() AS loaded_at,
    now() AS occurred_at, 'webserver' AS source, 'request' AS event_type,
    '001000000000001AAA' AS account_id, 'Acme Corp' AS account_name`)
  await client.end()
})

afterAll(async () => database?.drop())

it('plans a poll for the serial run a cursor gets: no parallel plans', async () => {
  // The user's query can read the session's settings: the row says what the poll was planned with.
  const source = testSource(
    database.url,
    "SELECT *, current_setting('max_parallel_workers_per_gather') AS parallel_workers FROM events",
  )
  const rows = []
  for await (const batch of source.rowsAfter({ loadedAt: '2000-01-01T00:00:00Z', eventId: '' }, null)) {
    rows.push(...batch)
  }
  await source.close()
  expect(rows.map((r) => r.parallel_workers)).toEqual(['0'])
})
