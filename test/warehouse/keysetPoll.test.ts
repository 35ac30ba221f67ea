// The poll must cost the same on a warehouse ten times larger: proven on the real planner.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_OWNER, loadSyntheticData } from '../../warehouse/synthetic/index.ts'
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts'

const END = new Date('2025-03-14T12:00:00Z')
const EVENT_TABLES = ['webserver_events', 'backend_logs', 'website_events', 'zabbix_alerts']
const POLL = `SELECT * FROM enriched_events
  WHERE (loaded_at > $1 OR (loaded_at = $1 AND event_id > $2)) AND account_id IN ($3, $4)
  ORDER BY loaded_at, event_id`

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  Plans?: PlanNode[]
}

function scans(node: PlanNode): string[] {
  const own = node['Relation Name'] ? [`${node['Node Type']} on ${node['Relation Name']}`] : []
  return [...own, ...(node.Plans ?? []).flatMap(scans)]
}

describe('the keyset poll on PostgreSQL 15', () => {
  let database: TestDatabase
  let client: pg.Client
  let owned: string[]
  let loadedEvents: Record<string, number>

  beforeAll(async () => {
    database = await createTestDatabase('keyset_poll')
    client = new pg.Client({ connectionString: database.url })
    await client.connect()
    const data = await loadSyntheticData(client, {
      seed: 5,
      accounts: 100,
      events: 20_000,
      days: 14,
      end: END,
    })
    loadedEvents = data.inserted as Record<string, number>
    owned = data.accounts.filter((a) => a.ownerId === DEMO_OWNER.id).map((a) => a.id)
    // Ten times the history: every event row again, nine times, 14 days further back each.
    for (const table of EVENT_TABLES) {
      const { rows } = await client.query(
        'SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
        [table],
      )
      const columns = rows.map((r) => r.column_name as string)
      const shifted = columns.map((c) =>
        c === 'event_id' ? `event_id || '~' || g` : c.endsWith('_at') ? `${c} - g * INTERVAL '14 days'` : c,
      )
      await client.query(
        `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${shifted.join(', ')} FROM ${table}, generate_series(1, 9) g`,
      )
    }
    await client.query('ANALYZE')
  })

  afterAll(async () => {
    await client?.end()
    await database?.drop()
  })

  // How long the load takes is the bench's to measure, not a test's to assert.
  it('loads the 20 000 synthetic events it generated, each event table holding its share', () => {
    expect(EVENT_TABLES.reduce((sum, table) => sum + (loadedEvents[table] ?? 0), 0)).toBe(20_000)
    for (const table of EVENT_TABLES) expect(loadedEvents[table]).toBeGreaterThan(0)
  })

  it('reads the new rows of owned accounts through indexes, never scanning an event table', async () => {
    const cursor = [new Date(END.getTime() - 10 * 60_000), 'web-zzz', owned[0], owned[1]]
    const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${POLL}`, cursor)
    const used = scans(rows[0]['QUERY PLAN'][0].Plan)
    const tableScans = used.filter((s) => EVENT_TABLES.some((t) => s === `Seq Scan on ${t}`))
    expect(tableScans, used.join('\n')).toEqual([])
    for (const table of EVENT_TABLES)
      expect(used.some((s) => s.endsWith(` on ${table}`) && /Index|Bitmap/.test(s))).toBe(true)
  })

  it('returns the same rows as a plain scan would', async () => {
    const since = new Date(END.getTime() - 3_600_000)
    const polled = await client.query(POLL, [since, '', owned[0], owned[1]])
    await client.query('SET enable_indexscan = off; SET enable_bitmapscan = off')
    const scanned = await client.query(POLL, [since, '', owned[0], owned[1]])
    await client.query('RESET enable_indexscan; RESET enable_bitmapscan')
    expect(polled.rows.map((r) => r.event_id)).toEqual(scanned.rows.map((r) => r.event_id))
    expect(polled.rows.length).toBeGreaterThan(0)
  })
})
