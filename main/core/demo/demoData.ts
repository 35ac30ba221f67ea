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

/** The first week. Run inside a transaction: the mark and the rows commit together. */
export async function seedDemoData(db: SqlRunner, now: Date): Promise<number> {
  await db.query(STATE_TABLE)
  const { inserted } = await loadSyntheticData(db, {
    seed: DEMO_DATA.seed,
    accounts: DEMO_DATA.accounts,
    events: DEMO_DATA.eventsPerDay * DEMO_DATA.days,
    days: DEMO_DATA.days,
    end: now,
  })
  await markSeededUntil(db, now)
  return inserted.webserver_events + inserted.backend_logs + inserted.website_events + inserted.zabbix_alerts
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
