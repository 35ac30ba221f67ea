import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { EventSource, SourceRow } from '../../../../main/core/warehouse/eventSource.ts'
import { openEventSource } from '../../../../main/core/warehouse/sourceRegistry.ts'
import { createPgliteDatabase, createTestDatabase, type TestDatabase } from '../../../support/postgres.ts'

// A PostgreSQL session's head polls try a kept generic plan (hash and merge joins off, set in the
// read's own transaction) against the custom plan, on real timings, against a real server. The
// user's query reads the planner settings it ran under, so each row says which plan read it.

let database: TestDatabase
let admin: pg.Client
const ACME = '001000000000001AAA'
const GLOBEX = '001000000000002AAA'
const HEAD = Date.parse('2026-11-30T12:00:00Z')
const at = (minutes: number) => new Date(HEAD + minutes * 60_000).toISOString()

/** A view shaped like the enriched view: branches of a union, each joined to the accounts */
const VIEW = `
  SELECT e.event_id, e.loaded_at, e.occurred_at, e.source, e.event_type, a.id AS account_id, a.name AS account_name
  FROM app_events e JOIN accounts a ON a.id = e.account_id
  UNION ALL
  SELECT w.event_id, w.loaded_at, w.occurred_at, 'website', 'page_view', a.id, a.name
  FROM page_views w JOIN account_domains d ON d.domain = w.domain JOIN accounts a ON a.id = d.account_id`

const settingsColumns = `current_setting('plan_cache_mode') AS plan_mode, current_setting('enable_hashjoin') AS hashjoin`

beforeAll(async () => {
  database = await createTestDatabase('postgres_head_plans')
  admin = new pg.Client({ connectionString: database.url })
  await admin.connect()
  await admin.query(
    `
    CREATE TABLE accounts (id text PRIMARY KEY, name text NOT NULL);
    CREATE TABLE account_domains (domain text PRIMARY KEY, account_id text NOT NULL REFERENCES accounts);
    CREATE TABLE app_events (event_id text PRIMARY KEY, loaded_at timestamptz NOT NULL, occurred_at timestamptz NOT NULL,
      source text NOT NULL, event_type text NOT NULL, account_id text NOT NULL);
    CREATE INDEX ON app_events (loaded_at);
    CREATE TABLE page_views (event_id text PRIMARY KEY, loaded_at timestamptz NOT NULL, occurred_at timestamptz NOT NULL,
      domain text NOT NULL);
    CREATE INDEX ON page_views (loaded_at);
    CREATE VIEW enriched_events AS ${VIEW};
    INSERT INTO accounts SELECT '0010000000000' || lpad(i::text, 2, '0') || 'AAA', 'Account ' || i FROM generate_series(0, 60) i;
    INSERT INTO account_domains SELECT 'd' || i || '.example', '0010000000000' || lpad(i::text, 2, '0') || 'AAA' FROM generate_series(0, 60) i;
    INSERT INTO app_events SELECT 'a-' || i, $1::timestamptz - i * interval '1 minute', $1::timestamptz - i * interval '1 minute',
      'app', 'feature_used', '0010000000000' || lpad((i % 61)::text, 2, '0') || 'AAA' FROM generate_series(0, 5000) i;
    INSERT INTO page_views SELECT 'w-' || i, $1::timestamptz - i * interval '1 minute', $1::timestamptz - i * interval '1 minute',
      'd' || (i % 61) || '.example' FROM generate_series(0, 5000) i;
    ANALYZE;
  `.replaceAll('$1::timestamptz', `'${at(0)}'::timestamptz`),
  )
})

afterAll(async () => {
  await admin?.end()
  await database?.drop()
})

interface Notes {
  lines: { details: Record<string, unknown>; message: string }[]
}

function source(query: string, options: { batchSize?: number } = {}): { source: EventSource; notes: Notes } {
  const notes: Notes = { lines: [] }
  return {
    source: openEventSource({
      url: database.url,
      query,
      statementTimeoutMs: 30_000,
      batchSize: options.batchSize,
      note: (details, message) => notes.lines.push({ details, message }),
    }),
    notes,
  }
}

async function poll(events: EventSource, from: string, accounts = [ACME, GLOBEX]): Promise<SourceRow[]> {
  const rows: SourceRow[] = []
  for await (const batch of events.rowsAfter({ loadedAt: from, eventId: '' }, accounts)) rows.push(...batch)
  return rows
}

/** The same rows as the user's view gives them, read on a plain session */
async function expected(from: string, accounts = [ACME, GLOBEX]): Promise<string[]> {
  const { rows } = await admin.query(
    `SELECT event_id, loaded_at FROM enriched_events WHERE loaded_at >= $1 AND account_id = ANY($2)
     ORDER BY loaded_at, event_id`,
    [from, accounts],
  )
  return rows.map((r) => r.event_id as string)
}

it('reads the same rows with either plan, late rows inside the lookback included', async () => {
  const { source: events } = source(`SELECT *, ${settingsColumns} FROM enriched_events`)
  const from = at(-180)
  const modes = new Set<string>()
  try {
    for (let i = 0; i < 12; i++) {
      // A late row: loaded now, stamped inside the window the poll re-reads
      await admin.query(
        `INSERT INTO app_events VALUES ($1, $2, $2, 'app', 'feature_used', $3), ($4, $2, $2, 'app', 'feature_used', $5)`,
        [`late-${i}`, at(-100 + i), i % 2 === 0 ? ACME : GLOBEX, `late-other-${i}`, '001000000000007AAA'],
      )
      const rows = await poll(events, from)
      expect(rows.map((r) => r.event_id)).toEqual(await expected(from))
      // Within one poll, one plan
      expect(new Set(rows.map((r) => `${r.plan_mode}/${r.hashjoin}`)).size).toBe(1)
      modes.add(`${rows[0]?.plan_mode}/${rows[0]?.hashjoin}`)
    }
  } finally {
    await events.close()
  }
  // The first poll is not a head poll (custom), the second tries the generic plan: both ran.
  expect(modes).toContain('auto/on')
  expect(modes).toContain('force_generic_plan/off')
})

it('drops a generic plan that is slower than the custom one, on real timings', async () => {
  // A query that is slow only under the generic read's settings: as a view with a bad generic plan
  const slow = `CASE WHEN current_setting('plan_cache_mode') = 'force_generic_plan' THEN 0.03 ELSE 0 END`
  const { source: events, notes } = source(
    `SELECT *, ${settingsColumns} FROM enriched_events WHERE pg_sleep(${slow}) IS NOT NULL`,
  )
  const from = at(-30)
  const modes: string[] = []
  try {
    for (let i = 0; i < 12; i++) {
      const rows = await poll(events, from)
      expect(rows.map((r) => r.event_id)).toEqual(await expected(from))
      modes.push(String(rows[0]?.plan_mode))
    }
  } finally {
    await events.close()
  }
  const chose = notes.lines.find((l) => l.message.startsWith('head poll plan: custom'))
  expect(chose?.details).toMatchObject({ plan: 'custom' })
  expect(Number(chose?.details.genericMedianMs)).toBeGreaterThan(Number(chose?.details.customMedianMs))
  // Trial: one to make the generic plan, then three of each, alternating; then custom only.
  const [custom, generic] = ['auto', 'force_generic_plan']
  expect(modes).toEqual([
    custom,
    generic,
    custom,
    generic,
    custom,
    generic,
    custom,
    generic,
    custom,
    custom,
    custom,
    custom,
  ])
})

it('re-reads a poll with the custom plan, in the same poll and session, when a trial runs past its timeout', async () => {
  // Under the generic read's settings the query sleeps past any timeout the trial gets (250 ms floor)
  const slow = `CASE WHEN current_setting('plan_cache_mode') = 'force_generic_plan' THEN 2 ELSE 0 END`
  const { source: events, notes } = source(
    `SELECT *, ${settingsColumns}, pg_backend_pid() AS backend FROM enriched_events WHERE pg_sleep(${slow}) IS NOT NULL`,
  )
  const from = at(-30)
  try {
    const first = await poll(events, from)
    const started = performance.now()
    const second = await poll(events, from)
    const took = performance.now() - started
    expect(second.map((r) => r.event_id)).toEqual(await expected(from))
    expect(second.every((r) => r.plan_mode === 'auto')).toBe(true)
    expect(second[0]?.backend).toBe(first[0]?.backend)
    // It waited for the timeout, not for the sleep
    expect(took).toBeGreaterThanOrEqual(250)
    expect(took).toBeLessThan(2_000)
    expect(notes.lines.map((l) => l.message)).toContain(
      'head poll plan: the generic plan ran past its timeout; custom plans',
    )
    // Dropped: the next polls are custom, on the same session
    for (let i = 0; i < 3; i++) {
      const rows = await poll(events, from)
      expect(rows.every((r) => r.plan_mode === 'auto' && r.backend === first[0]?.backend)).toBe(true)
    }
  } finally {
    await events.close()
  }
})

it('reads a poll that is no longer at the head with the custom plan, each row once', async () => {
  const { source: events } = source(`SELECT *, ${settingsColumns} FROM enriched_events`, { batchSize: 3 })
  const from = at(1)
  try {
    await admin.query(`INSERT INTO app_events VALUES ('burst-0', $1, $1, 'app', 'feature_used', $2)`, [
      at(2),
      ACME,
    ])
    expect((await poll(events, from)).map((r) => r.event_id)).toEqual(['burst-0'])
    // More rows than a batch: the generic plan's first try sees more to come and gives way.
    await admin.query(
      `INSERT INTO app_events SELECT 'burst-' || i, $1::timestamptz + i * interval '1 second', $1, 'app', 'feature_used', $2
       FROM generate_series(1, 7) i`,
      [at(2), ACME],
    )
    const rows = await poll(events, from)
    expect(rows.map((r) => r.event_id)).toEqual(await expected(from))
    expect(rows).toHaveLength(8)
    expect(rows.every((r) => r.plan_mode === 'auto')).toBe(true)
  } finally {
    await events.close()
  }
})

it("keeps PGlite's shared session on custom plans", async () => {
  const pglite = await createPgliteDatabase()
  const events = openEventSource({
    url: pglite.url,
    query: `SELECT now() - interval '1 minute' AS loaded_at, now() AS occurred_at, 'e-1' AS event_id, 'app' AS source,
      'feature_used' AS event_type, '${ACME}' AS account_id, 'Acme' AS account_name, ${settingsColumns}`,
    statementTimeoutMs: 30_000,
  })
  try {
    for (let i = 0; i < 4; i++) {
      const rows = await poll(events, '2000-01-01T00:00:00Z')
      expect(rows.map((r) => r.plan_mode)).toEqual(['auto'])
    }
  } finally {
    await events.close()
    await pglite.close()
  }
})
