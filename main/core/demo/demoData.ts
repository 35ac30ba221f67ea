// What the demo warehouse holds and how it grows: one AM's book of synthetic customers, a
// week of history at first, then more for every period the demo was not running.

import {
  appendSyntheticEvents,
  type EventMix,
  loadSyntheticData,
  type SqlRunner,
  type SyntheticAccount,
  syntheticAccounts,
} from '../../../warehouse/synthetic/index.ts'
import { createRandom, deriveSeed } from '../../../warehouse/synthetic/random.ts'

const DEMO_DATA = {
  seed: 7,
  accounts: 30,
  /** Two weeks: a backtest of the last week finds a week of history before it to warm up on */
  days: 14,
  /** About one AM's book: a few thousand events a week */
  eventsPerDay: 600,
  /** A running demo shows about one moment-worthy event a minute */
  highlightsPerMinute: 1,
  /** A demo reopened after months gets one week, not months of events */
  maxTopUpDays: 7,
  /** Rows committed up to 90 s late: the poller's lookback must catch them */
  lateCommitFraction: 0.02,
} as const

const DAY_MS = 86_400_000
const MINUTE_MS = 60_000

/**
 * The week is generated up to this fixed instant (a Monday, 00:00 UTC), then moved to the user's
 * clock by whole days: generated once, it can be shipped inside the template (demoTemplate.ts),
 * and moving it is one UPDATE per table where generating and inserting it took a second. Whole
 * days keep the office-hours rhythm at the hours it was drawn for and the nightly rollup's rows
 * on their dates; the part day left before now is topped up as after a reopen.
 */
export const DEMO_SEEDED_UNTIL = new Date('2024-01-01T00:00:00Z')

/** The "seeded until" mark lives in the demo database, so it moves with the data atomically. */
const STATE_TABLE = `CREATE TABLE IF NOT EXISTS moments_demo_state (
  id integer PRIMARY KEY CHECK (id = 1),
  seed integer NOT NULL,
  accounts integer NOT NULL,
  seeded_until timestamptz NOT NULL
)`

/** The demo's accounts, as the generator made them (the same seed and count every time). */
export function demoAccounts(): SyntheticAccount[] {
  return syntheticAccounts(DEMO_DATA.seed, DEMO_DATA.accounts)
}

export async function seededUntil(db: SqlRunner): Promise<Date | null> {
  await db.query(STATE_TABLE)
  const { rows } = await db.query('SELECT seeded_until FROM moments_demo_state WHERE id = 1')
  return rows[0] ? new Date(rows[0].seeded_until as Date | string) : null
}

async function markSeededUntil(db: SqlRunner, until: Date): Promise<void> {
  await db.query(
    `INSERT INTO moments_demo_state (id, seed, accounts, seeded_until) VALUES (1, $1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET seeded_until = EXCLUDED.seeded_until`,
    [DEMO_DATA.seed, DEMO_DATA.accounts, until],
  )
}

/**
 * Which text of the warehouse's SQL files the demo's tables, view and indexes were made from: a
 * reopen runs that SQL again only when it changed (running it every time was half a reopen).
 */
const SCHEMA_TABLE = `CREATE TABLE IF NOT EXISTS moments_demo_schema (
  id integer PRIMARY KEY CHECK (id = 1),
  fingerprint text NOT NULL
)`

export async function installedSchema(db: SqlRunner): Promise<string | null> {
  await db.query(SCHEMA_TABLE)
  const { rows } = await db.query('SELECT fingerprint FROM moments_demo_schema WHERE id = 1')
  return rows[0] ? String(rows[0].fingerprint) : null
}

export async function markInstalledSchema(db: SqlRunner, fingerprint: string): Promise<void> {
  await db.query(SCHEMA_TABLE)
  await db.query(
    `INSERT INTO moments_demo_schema (id, fingerprint) VALUES (1, $1)
     ON CONFLICT (id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint`,
    [fingerprint],
  )
}

/**
 * The first weeks, up to DEMO_SEEDED_UNTIL (moveSeededWeeks brings them to now). Run inside a
 * transaction: the mark and the rows commit together.
 */
export async function seedDemoData(db: SqlRunner): Promise<number> {
  await db.query(STATE_TABLE)
  const { inserted } = await loadSyntheticData(db, {
    seed: DEMO_DATA.seed,
    accounts: DEMO_DATA.accounts,
    events: DEMO_DATA.eventsPerDay * DEMO_DATA.days,
    days: DEMO_DATA.days,
    end: DEMO_SEEDED_UNTIL,
  })
  await markSeededUntil(db, DEMO_SEEDED_UNTIL)
  return inserted.webserver_events + inserted.backend_logs + inserted.website_events + inserted.zabbix_alerts
}

/** Whether the data still ends at the instant it was generated for: a first start, not a reopen. */
export function isUnmoved(mark: Date): boolean {
  return mark.getTime() === DEMO_SEEDED_UNTIL.getTime()
}

/** The tables the seed fills, with their time columns (warehouse/schema.sql). */
const MOVED_TABLES = [
  ['accounts', ['loaded_at']],
  ['systems_to_accounts', ['loaded_at']],
  ['webserver_events', ['loaded_at', 'occurred_at']],
  ['backend_logs', ['loaded_at', 'occurred_at']],
  ['website_events', ['loaded_at', 'occurred_at']],
  ['zabbix_alerts', ['loaded_at', 'occurred_at']],
] as const

/**
 * Moves the seeded weeks from DEMO_SEEDED_UNTIL to the last midnight (UTC) before `now`, whole
 * days, and the mark with them. Run inside a transaction. Returns the days moved.
 */
export async function moveSeededWeeks(db: SqlRunner, now: Date): Promise<number> {
  const days = Math.floor((now.getTime() - DEMO_SEEDED_UNTIL.getTime()) / DAY_MS)
  if (days === 0) return 0
  // 24 hours, not '1 day': a day interval on a timestamptz follows the session's time zone.
  const shift = `($1::int * interval '24 hours')`
  for (const [table, columns] of MOVED_TABLES) {
    const set = columns.map((column) => `${column} = ${column} + ${shift}`).join(', ')
    await db.query(`UPDATE ${table} SET ${set}`, [days])
  }
  // The rollup's key carries its date, and an UPDATE of a key onto a key not yet moved collides
  // (unique checks are per row): the rows are deleted and inserted again in one statement.
  await db.query(
    `WITH moved AS (DELETE FROM user_aggregated_activity RETURNING *)
     INSERT INTO user_aggregated_activity
       (id, loaded_at, activity_date, user_email, account_id, requests, failed_requests,
        documentation_pages_visited, documentation_pages)
     SELECT 'ua-' || to_char(activity_date + $1::int, 'YYYY-MM-DD') || '-' || user_email,
            loaded_at + ${shift}, activity_date + $1::int, user_email, account_id, requests,
            failed_requests, documentation_pages_visited, documentation_pages
     FROM moved`,
    [days],
  )
  await markSeededUntil(db, new Date(DEMO_SEEDED_UNTIL.getTime() + days * DAY_MS))
  return days
}

/**
 * Everything that would have landed between the mark and `now` at the everyday rate, plus,
 * for a live demo, a few highlights. Run inside a transaction. Returns the rows added.
 */
export async function topUpDemoData(
  db: SqlRunner,
  now: Date,
  options: { highlights: boolean },
): Promise<number> {
  const mark = await seededUntil(db)
  if (!mark || now <= mark) return 0
  const from = new Date(Math.max(mark.getTime(), now.getTime() - DEMO_DATA.maxTopUpDays * DAY_MS))
  const minutes = (now.getTime() - from.getTime()) / MINUTE_MS
  let added = await append(db, from, now, 'realistic', (DEMO_DATA.eventsPerDay / 1440) * minutes)
  if (options.highlights) {
    // Capped: a laptop waking from a night's sleep should not flood the user.
    added += await append(db, from, now, 'highlights', Math.min(5, DEMO_DATA.highlightsPerMinute * minutes))
  }
  await markSeededUntil(db, now)
  return added
}

async function append(db: SqlRunner, from: Date, to: Date, mix: EventMix, expected: number): Promise<number> {
  const events = roundByChance(
    expected,
    deriveSeed(DEMO_DATA.seed, 'count', mix, from.getTime(), to.getTime()),
  )
  if (events === 0) return 0
  return appendSyntheticEvents(db, {
    seed: DEMO_DATA.seed,
    accounts: DEMO_DATA.accounts,
    from,
    to,
    events,
    mix,
    lateCommitFraction: DEMO_DATA.lateCommitFraction,
  })
}

/** 0.3 expected events in a 30-second window: one event 30% of the time, deterministically. */
function roundByChance(expected: number, seed: number): number {
  const whole = Math.floor(expected)
  return whole + (createRandom(seed).chance(expected - whole) ? 1 : 0)
}
