import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPoller } from '../../../main/core/pipeline/poller.ts'
import { parseRulesFile } from '../../../main/core/rules/loadRules.ts'
import { buildReadQuery } from '../../../main/core/warehouse/readQuery.ts'
import { REQUIRED_COLUMNS } from '../../../main/core/warehouse/rowContract.ts'
import { postgresDialect } from '../../../main/core/warehouse/sources/postgres/postgresDialect.ts'
import { DEMO_OWNER, loadSyntheticData } from '../../../warehouse/synthetic/index.ts'
import { capturedLog } from '../../support/capturedLog.ts'
import { memoryStore, OWNED_ID } from '../../support/pipelineFixtures.ts'
import { createTestDatabase, type TestDatabase } from '../../support/postgres.ts'
import { testSource } from '../../support/testSource.ts'

// Column-level faults. In SQL a column has one type for every row, so "a wrong type" is either a
// semi-structured column whose values differ per row (json here, SUPER on Redshift) — skipped row
// by row — or a whole column of the wrong type or a missing one: a query problem, reported as the
// poll's failure (the reason names the column), retried, and gone once the query is fixed.

const NOW = Date.UTC(2026, 10, 26, 12, 0)
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString()

const RULES = parseRulesFile(
  'every-event.yaml',
  `
rules:
  - id: every-event
    name: Event
    when: "true"
    message: "{{event_id}}"
`,
)

let db: TestDatabase
let client: pg.Client

beforeAll(async () => {
  db = await createTestDatabase('malformed_columns')
  client = new pg.Client({ connectionString: db.url })
  await client.connect()
  await client.query(`CREATE TABLE events (
    event_id text, loaded_at timestamptz, occurred_at timestamptz, source text, event_type text,
    account_id text, account_name text)`)
  for (let i = 0; i < 3; i++) {
    await client.query('INSERT INTO events VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      `ev-${i}`,
      at(30 - i),
      at(31 - i),
      'webserver',
      'add_input',
      OWNED_ID,
      'Acme Corp',
    ])
  }
})

afterAll(async () => {
  await client?.end()
  await db?.drop()
})

function pollerFor(query: string, key = query) {
  const store = memoryStore()
  const captured = capturedLog('warn')
  const poller = createPoller({
    store,
    rules: RULES,
    ownership: null,
    source: testSource(db.url, query, { key, statementTimeoutMs: 30_000 }),
    lookbackMs: 120_000,
    backfillMs: 86_400_000,
    forwardTo: [],
    clock: () => NOW,
    log: captured.log,
  })
  return { poller, store, ...captured }
}

describe('semi-structured (json) contract columns whose values have the wrong type, row by row', () => {
  it('skips and counts each kind, and records the well-typed rows', async () => {
    await client.query(`CREATE TABLE loose_events (
      event_id text, loaded_at timestamptz, occurred_at json, source json, event_type json,
      account_id json, account_name json)`)
    const good = ['"2026-11-26T11:00:00Z"', '"webserver"', '"add_input"', `"${OWNED_ID}"`, '"Acme"']
    const rows: Array<[string, string[]]> = [
      ['ok-1', good],
      ['occurred-text', ['"yesterday-ish"', ...good.slice(1)]],
      ['occurred-number', ['1764150000', ...good.slice(1)]],
      ['source-number', [good[0] as string, '42', ...good.slice(2)]],
      ['source-object', [good[0] as string, '{"name":"webserver"}', ...good.slice(2)]],
      ['type-array', [...good.slice(0, 2), '["add_input"]', ...good.slice(3)]],
      ['type-boolean', [...good.slice(0, 2), 'true', ...good.slice(3)]],
      ['account-number', [...good.slice(0, 3), '1', good[4] as string]],
      ['name-array', [...good.slice(0, 4), '["Acme", "Corp"]']],
      ['name-object', [...good.slice(0, 4), '{"en":"Acme"}']],
      ['ok-2', good],
    ]
    for (const [i, [id, values]] of rows.entries()) {
      await client.query('INSERT INTO loose_events VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        id,
        at(20 - i),
        ...values,
      ])
    }
    const { poller, store, messages } = pollerFor('SELECT * FROM loose_events')
    const report = await poller.poll()
    expect(report.skipped).toEqual({
      'bad-occurred-at': 2,
      'bad-source': 2,
      'bad-event-type': 2,
      'bad-account-id': 1,
      'bad-account-name': 2,
    })
    expect(store.moments.list({}).map((m) => m.eventIds[0])).toEqual(['ok-2', 'ok-1'])
    expect(messages()).toHaveLength(5)
    await poller.close()
  })
})

describe('a query that lacks a contract column', () => {
  it.each(REQUIRED_COLUMNS)(
    'without %s: the poll fails naming the column, nothing is recorded',
    async (column) => {
      const others = REQUIRED_COLUMNS.filter((c) => c !== column).join(', ')
      const { poller, store } = pollerFor(`SELECT ${others} FROM events`)
      await expect(poller.poll()).rejects.toThrow(
        new RegExp(`warehouse\\.query does not return the required column ${column}\\b`),
      )
      expect(store.moments.count({})).toBe(0)
      expect(store.sync.get().lastError).toMatch(new RegExp(`required column ${column}`))
      await poller.close()
    },
  )
})

describe('a contract column of the wrong type for the whole query', () => {
  it('takes a numeric event_id (a bigint key) as its decimal text, from the very first poll on', async () => {
    await client.query(`CREATE TABLE numeric_ids AS
      SELECT (1000 + row_number() OVER (ORDER BY event_id))::bigint AS event_id, loaded_at, occurred_at,
        source, event_type, account_id, account_name FROM events`)
    const { poller, store } = pollerFor('SELECT * FROM numeric_ids')
    const report = await poller.poll()
    expect(report.rows).toBe(3)
    expect(store.moments.list({}).map((m) => m.eventIds[0])).toEqual(['1003', '1002', '1001'])
    await client.query(
      `INSERT INTO numeric_ids VALUES (1004, $1, $1, 'webserver', 'add_input', $2, 'Acme Corp')`,
      [at(1), OWNED_ID],
    )
    expect((await poller.poll()).delivered).toBe(1)
    await poller.close()
  })

  it('says that loaded_at must be a timestamp when it is text', async () => {
    const { poller } = pollerFor(
      'SELECT event_id, loaded_at::text AS loaded_at, occurred_at, source, event_type, account_id, account_name FROM events',
    )
    await expect(poller.poll()).rejects.toThrow(/loaded_at/)
    await poller.close()
  })

  it('says which column is ambiguous when the query returns one twice', async () => {
    const { poller } = pollerFor('SELECT *, event_id FROM events')
    await expect(poller.poll()).rejects.toThrow(/event_id/)
    await poller.close()
  })
})

describe('the first poll form (no event id yet)', () => {
  it('still reads the reference view through its indexes', async () => {
    const data = await loadSyntheticData(client, {
      seed: 7,
      accounts: 20,
      events: 1_000,
      days: 2,
      end: new Date(NOW),
    })
    const owned = data.accounts.filter((a) => a.ownerId === DEMO_OWNER.id).map((a) => a.id)
    const query = buildReadQuery(
      'SELECT * FROM enriched_events',
      { order: 'loaded_at', from: { at: at(60), eventId: '' } },
      { ids: owned, clause: postgresDialect.ownership },
      null,
    )
    // With sequential scans priced out, a scan of an event table means a predicate no index serves.
    await client.query('SET enable_seqscan = off')
    const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${query.text}`, query.values)
    await client.query('RESET enable_seqscan')
    const used = scans(rows[0]['QUERY PLAN'][0].Plan)
    for (const table of ['webserver_events', 'backend_logs', 'website_events', 'zabbix_alerts']) {
      expect(used, used.join('\n')).not.toContain(`Seq Scan on ${table}`)
      expect(used.some((s) => s.endsWith(` on ${table}`))).toBe(true)
    }
  })
})

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  Plans?: PlanNode[]
}

function scans(node: PlanNode): string[] {
  const own = node['Relation Name'] ? [`${node['Node Type']} on ${node['Relation Name']}`] : []
  return [...own, ...(node.Plans ?? []).flatMap(scans)]
}
