// The view guarantees the contract's types, so rows that break the contract cannot come out
// of generated raw data. Tests that prove "a malformed row is skipped and counted, never a
// crash" install them next to enriched_events instead, and point the poll query at the view.
import { insertRows } from './insertRows.ts'
import type { SqlRunner } from './sqlRunner.ts'

export interface ContractBreakingRow {
  /** What is wrong with the row */
  reason: string
  /** Columns of enriched_events; the ones left out are NULL */
  row: Record<string, string | number | boolean | Date | null>
}

const VALID_ACCOUNT = '001DEMOBADROWS0AAA'

/** One row per way to break the contract, all landing at `loadedAt`. */
export function contractBreakingRows(loadedAt: Date): ContractBreakingRow[] {
  const occurredAt = new Date(loadedAt.getTime() - 30_000)
  const base = {
    loaded_at: loadedAt,
    occurred_at: occurredAt,
    source: 'webserver',
    event_type: 'add_input',
    account_id: VALID_ACCOUNT,
    account_name: 'Bad Rows Inc.',
  }
  return [
    { reason: 'event_id is NULL', row: { ...base, event_id: null } },
    { reason: 'occurred_at is NULL', row: { ...base, event_id: 'bad-no-occurred-at', occurred_at: null } },
    { reason: 'source is NULL', row: { ...base, event_id: 'bad-no-source', source: null } },
    { reason: 'event_type is NULL', row: { ...base, event_id: 'bad-no-event-type', event_type: null } },
    {
      reason: 'account_id is not an 18-character Salesforce Id',
      row: { ...base, event_id: 'bad-short-account', account_id: '001SHORT' },
    },
    { reason: 'event_id repeated within one poll (first copy)', row: { ...base, event_id: 'bad-duplicate' } },
    {
      reason: 'event_id repeated within one poll (second copy)',
      row: { ...base, event_id: 'bad-duplicate', user_name: 'second copy' },
    },
    {
      reason: 'a 100 000-character field',
      row: { ...base, event_id: 'bad-huge-field', url: `/plumbing/inputs?${'x'.repeat(100_000)}` },
    },
    {
      reason: 'hostile text in pass-through fields (valid row: must be escaped, never interpreted)',
      row: {
        ...base,
        event_id: 'bad-hostile-text',
        user_name: '<!channel> <script>alert(1)</script> *bold* `code`',
        input_name: "'; DROP TABLE accounts; --",
        is_response_ok: false,
        method: 'POST',
        url: '/plumbing/inputs',
      },
    },
  ]
}

export interface ContractBreakingViews {
  /** enriched_events plus the contract-breaking rows (same columns and types) */
  withBreakingRows: string
  /** Like enriched_events but occurred_at is text, with one row where it is not a date */
  withWrongTypes: string
  /** event_id of every installed row that has one */
  eventIds: string[]
}

/**
 * Creates the table contract_breaking_events (the columns of enriched_events, no constraints)
 * holding `contractBreakingRows(loadedAt)`, and two views to point a poll query at.
 * Requires installWarehouseSchema first. PostgreSQL / PGlite only (CREATE TABLE … AS).
 */
export async function installContractBreakingRows(
  db: SqlRunner,
  loadedAt: Date,
): Promise<ContractBreakingViews> {
  await db.query(
    'CREATE TABLE IF NOT EXISTS contract_breaking_events AS SELECT * FROM enriched_events WHERE FALSE',
  )
  const columns = (
    await db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'enriched_events' ORDER BY ordinal_position`,
    )
  ).rows.map((r) => r.column_name as string)
  const rows = contractBreakingRows(loadedAt).map(({ row }) =>
    Object.fromEntries(columns.map((c) => [c, row[c] ?? null])),
  )
  await insertRows(db, 'contract_breaking_events', rows)
  await db.query(
    'CREATE OR REPLACE VIEW enriched_events_with_breaking_rows AS SELECT * FROM enriched_events UNION ALL SELECT * FROM contract_breaking_events',
  )
  const asText = columns
    .map((c) => (c === 'occurred_at' ? 'CAST(occurred_at AS text) AS occurred_at' : c))
    .join(', ')
  const notADate = columns
    .map((c) => {
      if (c === 'event_id') return `CAST('bad-occurred-at-not-a-date' AS text) AS event_id`
      if (c === 'occurred_at') return `CAST('yesterday-ish' AS text) AS occurred_at`
      return c
    })
    .join(', ')
  await db.query(
    `CREATE OR REPLACE VIEW enriched_events_with_wrong_types AS
     SELECT ${asText} FROM enriched_events
     UNION ALL SELECT ${notADate} FROM contract_breaking_events WHERE event_id = 'bad-hostile-text'`,
  )
  return {
    withBreakingRows: 'enriched_events_with_breaking_rows',
    withWrongTypes: 'enriched_events_with_wrong_types',
    eventIds: [...new Set(rows.map((r) => r.event_id).filter((id): id is string => typeof id === 'string'))],
  }
}
