import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memorySecretVault } from '../../main/desktop/service/secretVault.ts'
import { createSettingsService } from '../../main/desktop/service/settingsService.ts'
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts'

// The settings window's "Test connection" runs the query a window sends. A window running hostile
// script sends one that writes: the warehouse session is read-only and runs one statement, so
// nothing is written, whatever the query.

let db: TestDatabase
let client: pg.Client
let dataDir: string

beforeAll(async () => {
  db = await createTestDatabase('window_sql')
  client = new pg.Client({ connectionString: db.url })
  await client.connect()
  await client.query(`CREATE TABLE events (
    event_id text, loaded_at timestamptz, occurred_at timestamptz, source text, event_type text,
    account_id text, account_name text, is_response_ok boolean)`)
  await client.query(`INSERT INTO events VALUES ('e1', now(), now(), 's', 't', 'a', 'A', true)`)
  dataDir = mkdtempSync(join(tmpdir(), 'moments-window-sql-'))
})

afterAll(async () => {
  await client.end()
  await db.drop()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('a query a window sends to "Test connection"', () => {
  it('cannot write, in a second statement or a data-modifying CTE', async () => {
    const settings = createSettingsService({ dataDir, vault: memorySecretVault() })
    for (const query of [
      'SELECT * FROM events; DROP TABLE events',
      'SELECT * FROM events; DELETE FROM events',
      'WITH gone AS (DELETE FROM events RETURNING *) SELECT * FROM gone',
      'SELECT * FROM events WHERE pg_catalog.pg_terminate_backend(0) IS NULL OR true; CREATE TABLE stolen (x int)',
    ]) {
      const answer = await settings.testWarehouse({ url: db.url, query })
      expect(answer.ok, query).toBe(false)
    }
    const { rows } = await client.query('SELECT count(*)::int AS n FROM events')
    expect(rows[0]).toEqual({ n: 1 })
    const stolen = await client.query(`SELECT to_regclass('public.stolen') AS t`)
    expect(stolen.rows[0]).toEqual({ t: null })
  })
})
