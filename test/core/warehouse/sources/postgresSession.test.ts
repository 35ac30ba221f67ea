import { readFileSync } from 'node:fs'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  BACKEND_WARM_UP,
  BACKEND_WARM_UP_BYTES,
} from '../../../../main/core/warehouse/sources/postgres/postgresDialect.ts'
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

it("keeps the backend's working memory from one poll to the next: no pages faulted in a poll", async () => {
  // A poll whose backend works in a 1 MB block, as the view's executor does in ~1.2 MB: without the
  // session's warm-up, glibc maps it afresh and the backend faults ~256 pages in on every poll.
  // The test server runs on this machine, so the backend's own counters are in /proc.
  const source = testSource(
    database.url,
    "SELECT *, pg_backend_pid() AS backend, length(repeat('x', 1048576)) AS ballast FROM events",
  )
  const poll = async () => {
    const rows = []
    for await (const batch of source.rowsAfter({ loadedAt: '2000-01-01T00:00:00Z', eventId: '' }, null)) {
      rows.push(...batch)
    }
    return Number(rows[0]?.backend)
  }
  const minorFaults = (pid: number) =>
    Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[7])
  try {
    const backend = await poll()
    const before = minorFaults(backend)
    for (let i = 0; i < 10; i++) expect(await poll()).toBe(backend)
    expect((minorFaults(backend) - before) / 10).toBeLessThan(40)
  } finally {
    await source.close()
  }
})

it('warms a PostgreSQL backend up with one block of the warm-up size', async () => {
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  try {
    expect((await client.query(BACKEND_WARM_UP)).rows).toEqual([{ warmed: BACKEND_WARM_UP_BYTES }])
  } finally {
    await client.end()
  }
})
