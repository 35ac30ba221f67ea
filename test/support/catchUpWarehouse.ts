// A large, known catch-up for the fault suites: N events generated inside PostgreSQL (one
// INSERT … SELECT over generate_series, a second for 100,000 rows), behind a gate so a state
// file can first establish its cursor on an empty warehouse and then catch up, forwarding.
import type pg from 'pg'
import { salesforceId } from './standInBook.ts'

/** Accounts 1–25 carry events; 1–20 are the user's (the stand-in's book), 21–25 someone else's. */
export const CATCH_UP_ACCOUNTS = Array.from({ length: 25 }, (_, i) => salesforceId('001', i + 1))
export const OWNED_COUNT = 20

/**
 * Three rules with three behaviours: every failed input is delivered and forwarded; Code Engine
 * runs are snoozed per account for a day (one delivered, the rest folded); a feature's first use
 * per account is kept once. Each message names its event, so Slack messages map back to moments.
 */
export const CATCH_UP_RULES = `
rules:
  - id: input-add-failed
    name: Failed to add an input
    when: event.event_type == "add_input" && !event.is_response_ok
    message: "{{user_name}} failed to add input {{input_name}} ({{event_id}})"
    severity: high
  - id: code-engine-test
    name: Tested code in the Code Engine
    when: event.event_type == "code_engine_run"
    message: "{{user_name}} tested code ({{event_id}})"
    snooze: 1d
  - id: first-feature-use
    name: First use of a feature
    when: event.event_type == "feature_used"
    once: [account_id, feature]
    message: "{{account_name}} used {{feature}} for the first time ({{event_id}})"
`

export interface CatchUpTable {
  /**
   * A gate of its own for one state file: its poll query returns nothing until `open`, so a first
   * run establishes the cursor (the first backfill forwards nothing) before the catch-up arrives.
   */
  gate(key: string): { query: string; open(): Promise<void> }
  /** What the rules must make of the owned accounts' events, counted in SQL */
  expected: {
    /** `input-add-failed`: every one delivered and forwarded */
    failedInputs: number
    /** `code-engine-test`: runs, and accounts with a run (one delivered each, the rest snoozed) */
    codeEngineRuns: number
    codeEngineAccounts: number
    /** `first-feature-use`: distinct (account, feature) pairs */
    featurePairs: number
  }
}

/**
 * Creates `<name>` with `events` rows, loaded 30 ms apart and ending `endAgoMs` before now, each
 * event 30 s before its load (so event-time order is load order, whatever the batch boundaries).
 * 1 in 200 is a failed input, 1 in 7 a Code Engine run, 1 in 11 a feature use (5 features).
 */
export async function createCatchUpTable(
  client: pg.Client,
  name: string,
  events: number,
  endAgoMs = 5 * 60_000,
): Promise<CatchUpTable> {
  const gates = `${name}_gates`
  await client.query(`CREATE TABLE ${gates} (key text PRIMARY KEY)`)
  const accounts = CATCH_UP_ACCOUNTS.map((id) => `'${id}'`).join(', ')
  await client.query(
    `CREATE TABLE ${name} AS
     SELECT 'ev-' || lpad(i::text, 6, '0') AS event_id,
       now() - make_interval(secs => $2::float8 / 1000) - ($1 - i) * interval '30 milliseconds' AS loaded_at,
       now() - make_interval(secs => $2::float8 / 1000) - ($1 - i) * interval '30 milliseconds' - interval '30 seconds' AS occurred_at,
       'webserver'::text AS source,
       CASE WHEN i % 200 = 0 THEN 'add_input' WHEN i % 7 = 0 THEN 'code_engine_run'
            WHEN i % 11 = 0 THEN 'feature_used' ELSE 'page_view' END AS event_type,
       (ARRAY[${accounts}])[1 + (i / 3) % 25] AS account_id,
       'Account ' || (1 + (i / 3) % 25) AS account_name,
       'user' || (i % 97) AS user_name,
       'input ' || (i % 5) AS input_name,
       CASE WHEN i % 11 = 0 THEN 'feature-' || (i % 5) END AS feature,
       false AS is_response_ok
     FROM generate_series(1, $1::int) AS i`,
    [events, endAgoMs],
  )
  await client.query(`CREATE INDEX ON ${name} (loaded_at, event_id)`)
  await client.query(`ANALYZE ${name}`)
  const owned = CATCH_UP_ACCOUNTS.slice(0, OWNED_COUNT)
    .map((id) => `'${id}'`)
    .join(', ')
  const { rows } = await client.query<Record<string, string>>(
    `SELECT count(*) FILTER (WHERE event_type = 'add_input') AS failed_inputs,
       count(*) FILTER (WHERE event_type = 'code_engine_run') AS code_engine_runs,
       count(DISTINCT account_id) FILTER (WHERE event_type = 'code_engine_run') AS code_engine_accounts,
       count(DISTINCT account_id || feature) FILTER (WHERE event_type = 'feature_used') AS feature_pairs
     FROM ${name} WHERE account_id IN (${owned})`,
  )
  const counts = rows[0] ?? {}
  return {
    gate: (key) => ({
      query: `SELECT * FROM ${name} WHERE EXISTS (SELECT 1 FROM ${gates} WHERE key = '${key.replace(/'/g, "''")}')`,
      open: async () => void (await client.query(`INSERT INTO ${gates} VALUES ($1)`, [key])),
    }),
    expected: {
      failedInputs: Number(counts.failed_inputs),
      codeEngineRuns: Number(counts.code_engine_runs),
      codeEngineAccounts: Number(counts.code_engine_accounts),
      featurePairs: Number(counts.feature_pairs),
    },
  }
}
