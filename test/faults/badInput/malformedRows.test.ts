import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPoller } from '../../../main/core/pipeline/poller.ts'
import { parseRulesFile } from '../../../main/core/rules/loadRules.ts'
import { MAX_FIELD_CHARS } from '../../../main/core/warehouse/rowContract.ts'
import { capturedLog } from '../../support/capturedLog.ts'
import { memoryStore, OWNED_ID } from '../../support/pipelineFixtures.ts'
import { createTestDatabase, type TestDatabase } from '../../support/postgres.ts'
import { testSource } from '../../support/testSource.ts'

// docs/promises.md, "A bad row is counted, never a crash": a malformed row is skipped and counted,
// and the rest of the batch goes on. Every way a row can break the warehouse contract, in one warehouse, interleaved with
// good rows, through the real poller on PostgreSQL 15: each kind is skipped (or handled, as
// documented in README "Fault tests"), counted once however often a poll re-reads it, and logged
// once; every good row becomes a moment.

const NOW = Date.UTC(2026, 10, 26, 12, 0)
const T0 = NOW - 30 * 60_000
const TEN_MB = 'x'.repeat(10 * 1024 * 1024)
const at = (ms: number) => new Date(ms).toISOString()

const RULES = parseRulesFile(
  'every-event.yaml',
  `
rules:
  - id: every-event
    name: "{{event_type}}"
    when: "true"
    message: "{{user_name}} did {{event_type}} ({{event_id}})"
`,
)

type Outcome =
  /** skipped, counted under this kind */
  | { skipped: string }
  /** recorded, adjusted and counted under this kind */
  | { adjusted: string }
  /** recorded as it is */
  | { recorded: true }
  /** outside every poll window: never read, so neither recorded nor counted (README) */
  | { invisible: true }

interface Case {
  what: string
  row: Record<string, unknown>
  outcome: Outcome
  /** The recorded moment, when one is expected */
  check?: (moment: {
    event: Record<string, unknown>
    occurredAt: string
    accountName: string
    body: string
  }) => void
}

let serial = 0
const CASES: Case[] = [
  { what: 'event_id NULL', row: { event_id: null }, outcome: { skipped: 'missing-event-id' } },
  { what: 'event_id empty', row: { event_id: '' }, outcome: { skipped: 'missing-event-id' } },
  {
    what: 'event_id of 10 MB',
    row: { event_id: TEN_MB },
    outcome: { skipped: 'bad-event-id' },
  },
  { what: 'loaded_at NULL', row: { loaded_at: null }, outcome: { invisible: true } },
  { what: 'loaded_at in 1970', row: { loaded_at: '1970-01-01 00:00:00+00' }, outcome: { invisible: true } },
  { what: 'loaded_at infinity', row: { loaded_at: 'infinity' }, outcome: { skipped: 'bad-loaded-at' } },
  {
    what: 'loaded_at in the year 20000 (PostgreSQL prints five digits)',
    row: { loaded_at: '20000-01-01 00:00:00+00' },
    outcome: { skipped: 'bad-loaded-at' },
  },
  {
    what: 'loaded_at in 2100 (would move the cursor past every real row)',
    row: { loaded_at: '2100-01-01 00:00:00+00' },
    outcome: { skipped: 'future-loaded-at' },
  },
  { what: 'occurred_at NULL', row: { occurred_at: null }, outcome: { skipped: 'bad-occurred-at' } },
  { what: 'occurred_at infinity', row: { occurred_at: 'infinity' }, outcome: { skipped: 'bad-occurred-at' } },
  {
    what: 'occurred_at before Christ',
    row: { occurred_at: '0044-03-15 12:00:00+00 BC' },
    outcome: { skipped: 'bad-occurred-at' },
  },
  {
    what: 'occurred_at in 2100',
    row: { occurred_at: '2100-01-01 00:00:00+00' },
    outcome: { adjusted: 'future-occurred-at' },
    // Recorded at its load time, so it cannot sit on top of the history for 75 years.
    check: (m) => expect(Date.parse(m.occurredAt)).toBeLessThan(NOW),
  },
  {
    what: 'occurred_at in 1970 (late data is data)',
    row: { occurred_at: '1970-01-01 00:00:00+00' },
    outcome: { recorded: true },
    check: (m) => expect(m.occurredAt).toBe('1970-01-01T00:00:00.000Z'),
  },
  { what: 'source NULL', row: { source: null }, outcome: { skipped: 'missing-source' } },
  { what: 'source empty', row: { source: '' }, outcome: { skipped: 'missing-source' } },
  { what: 'event_type NULL', row: { event_type: null }, outcome: { skipped: 'missing-event-type' } },
  { what: 'event_type empty', row: { event_type: '' }, outcome: { skipped: 'missing-event-type' } },
  { what: 'account_id NULL', row: { account_id: null }, outcome: { skipped: 'unmatched' } },
  {
    what: 'account_name NULL',
    row: { account_name: null },
    outcome: { recorded: true },
    check: (m) => expect(m.accountName).toBe(OWNED_ID),
  },
  {
    what: 'account_name of 10 MB',
    row: { account_name: TEN_MB },
    outcome: { recorded: true },
    check: (m) => expect(m.accountName.length).toBeLessThanOrEqual(MAX_FIELD_CHARS + 40),
  },
  {
    what: 'a pass-through field of 10 MB',
    row: { user_name: TEN_MB },
    outcome: { recorded: true },
    check: (m) => {
      expect(String(m.event.user_name).length).toBeLessThanOrEqual(MAX_FIELD_CHARS + 40)
      expect(m.body.length).toBeLessThanOrEqual(MAX_FIELD_CHARS + 100)
    },
  },
  {
    what: 'invalid UTF-8 in a bytea column',
    row: { attachment: Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x00, 0x80]) },
    outcome: { recorded: true },
    check: (m) => expect(m.event.attachment).toBe('\\xfffec3280080'),
  },
  {
    what: 'a JSON column holding an object',
    row: { details: JSON.stringify({ nested: { deep: [1, 2, { x: '<b>' }] } }) },
    outcome: { recorded: true },
    check: (m) => expect(m.event.details).toBe('{"nested":{"deep":[1,2,{"x":"<b>"}]}}'),
  },
  {
    what: 'numbers no double holds exactly (numeric 10^30, NaN): kept as their text',
    row: { amount: '1000000000000000000000000000000', ratio: 'NaN' },
    outcome: { recorded: true },
    check: (m) => {
      expect(m.event.amount).toBe('1000000000000000000000000000000')
      expect(m.event.ratio).toBe('NaN')
    },
  },
  {
    what: 'control characters and terminal escapes in text',
    row: { user_name: 'Jo\u001b[2J\u0007\r\nLine' },
    outcome: { recorded: true },
    check: (m) => expect(m.event.user_name).toBe('Jo\u001b[2J\u0007\r\nLine'),
  },
]

const GOOD_ROWS = CASES.length

let db: TestDatabase
let client: pg.Client

beforeAll(async () => {
  db = await createTestDatabase('malformed_rows')
  client = new pg.Client({ connectionString: db.url })
  await client.connect()
  await client.query(`CREATE TABLE events (
    event_id text, loaded_at timestamptz, occurred_at timestamptz, source text, event_type text,
    account_id text, account_name text, user_name text, attachment bytea, details json,
    amount numeric, ratio numeric)`)
})

afterAll(async () => {
  await client?.end()
  await db?.drop()
})

function goodRow(loadedAt: number): Record<string, unknown> {
  const id = `good-${++serial}`
  return {
    event_id: id,
    loaded_at: at(loadedAt),
    occurred_at: at(loadedAt - 30_000),
    source: 'webserver',
    event_type: 'code_engine_run',
    account_id: OWNED_ID,
    account_name: 'Acme Corp',
    user_name: 'Jo',
  }
}

async function insert(table: string, row: Record<string, unknown>): Promise<void> {
  const keys = Object.keys(row)
  await client.query(
    `INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')})`,
    Object.values(row),
  )
}

function pollerFor(query: string, key: string, clock: () => number) {
  const store = memoryStore()
  const captured = capturedLog('warn')
  const poller = createPoller({
    store,
    rules: RULES,
    ownership: null, // every account, as the team bot reads them: NULL accounts reach the pipeline
    source: testSource(db.url, query, { key, statementTimeoutMs: 30_000, batchSize: 7 }),
    lookbackMs: 120_000,
    backfillMs: 86_400_000,
    forwardTo: [],
    clock,
    log: captured.log,
  })
  return { poller, store, ...captured }
}

describe(`${CASES.length} kinds of malformed rows, interleaved with good ones`, () => {
  it('skips or handles each, counts it once, logs it once, and records every good row', async () => {
    const expectedIds: string[] = []
    const caseIds = new Map<Case, string>()
    for (const [i, c] of CASES.entries()) {
      const base = goodRow(T0 + i * 2_000)
      const bad = { ...base, event_id: `bad-${i}`, ...c.row }
      caseIds.set(c, bad.event_id as string)
      await insert('events', bad)
      const good = goodRow(T0 + i * 2_000 + 1_000)
      expectedIds.push(good.event_id as string)
      await insert('events', good)
    }
    // Duplicate ids with different content: within one poll, and across polls (below).
    await insert('events', { ...goodRow(T0 + 100_000), event_id: 'dup-1', user_name: 'first' })
    await insert('events', { ...goodRow(T0 + 100_500), event_id: 'dup-1', user_name: 'second' })
    expectedIds.push('dup-1')

    let now = NOW
    const { poller, store, messages } = pollerFor('SELECT * FROM events', 'typed', () => now)
    const report = await poller.poll()

    const recorded = new Map(store.moments.list({}, { limit: 1_000 }).map((m) => [m.eventIds[0], m]))
    for (const id of expectedIds) expect(recorded.has(id), id).toBe(true)
    for (const c of CASES) {
      const id = caseIds.get(c) as string
      const moment = recorded.get(id)
      if ('recorded' in c.outcome || 'adjusted' in c.outcome) {
        expect(moment !== undefined, `${c.what}: recorded`).toBe(true)
        c.check?.(moment as never)
      } else {
        // (a boolean: a 10 MB moment must not end up in the failure message)
        expect(moment === undefined, `${c.what}: not recorded`).toBe(true)
      }
    }
    expect(recorded.size).toBe(
      GOOD_ROWS + 1 + CASES.filter((c) => 'recorded' in c.outcome || 'adjusted' in c.outcome).length,
    )

    const expectedCounts: Record<string, number> = { 'row/duplicate-event-id': 1 }
    for (const c of CASES) {
      const key =
        'skipped' in c.outcome
          ? `row/${c.outcome.skipped}`
          : 'adjusted' in c.outcome
            ? `row-adjusted/${c.outcome.adjusted}`
            : null
      if (key) expectedCounts[key] = (expectedCounts[key] ?? 0) + 1
    }
    const counts = () =>
      Object.fromEntries(store.counters.list().map((c) => [`${c.scope}/${c.kind}`, c.count]))
    expect(counts()).toEqual(expectedCounts)
    // Logged once per kind: the counters keep the totals, doctor shows them.
    const warned = messages()
    expect(warned).toHaveLength(
      Object.keys(expectedCounts).length - ('row/unmatched' in expectedCounts ? 1 : 0),
    )
    expect(new Set(warned).size).toBe(warned.length)
    expect(report.rows).toBe(CASES.filter((c) => !('invisible' in c.outcome)).length + GOOD_ROWS + 2)

    // Later polls re-read what the lookback (or the future) brings back: nothing is counted
    // twice, and a new row behind the bogus future one is still read.
    now += 60_000
    const fresh = goodRow(NOW + 30_000)
    await insert('events', fresh)
    await insert('events', { ...goodRow(NOW + 31_000), event_id: 'dup-1', user_name: 'third' })
    await poller.poll()
    expect(store.moments.get(recordedIdOf(store, fresh.event_id as string))).not.toBeNull()
    expectedCounts['row/duplicate-event-id'] = 2
    expect(counts()).toEqual(expectedCounts)

    // Much later: the seen ids of the first rows are pruned; the rows that still come back
    // (future or unreadable load times) are still not counted again.
    now = NOW + 3 * 3_600_000
    await insert('events', goodRow(now - 60_000))
    await poller.poll()
    await insert('events', goodRow(now - 30_000))
    await poller.poll()
    expect(counts()).toEqual(expectedCounts)
    expect(messages()).toHaveLength(warned.length + 0)
    await poller.close()
  }, 60_000)
})

function recordedIdOf(store: ReturnType<typeof memoryStore>, eventId: string): string {
  const moment = store.moments.list({}, { limit: 10_000 }).find((m) => m.eventIds[0] === eventId)
  return moment?.id ?? 'none'
}
