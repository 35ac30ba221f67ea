// Bench warehouses of 1 M and 10 M rows, shaped by the synthetic generator: one generated week
// (the generator's own accounts, mix, rhythm, late and unmatched rows) is loaded once, then
// cloned in SQL (INSERT … SELECT over generate_series) into more regions — the same accounts
// again under other ids, domains and systems — and into earlier weeks. No row-by-row inserts.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import pg from 'pg'
import { type EventMix, generateSyntheticData, runSqlFile } from '../warehouse/synthetic/index.ts'
import { insertRows } from '../warehouse/synthetic/insertRows.ts'
import type { BenchPostgres } from './benchPostgres.ts'

export interface WarehouseSpec {
  /** Database name */
  name: string
  seed: number
  /** Accounts the generator makes; each region holds them again under its own ids */
  accounts: number
  regions: number
  /** Event rows the generator makes for the one week that is cloned */
  weekEvents: number
  /** Weeks of history: the generated week, and clones of it further back */
  weeks: number
  /** The newest loaded_at: "now" for the data */
  end: Date
  /** The generator's event mix (default: realistic); `highlights` is mostly rows that make moments */
  mix?: EventMix
}

export interface BenchAccount {
  id: string
  name: string
}

export interface BenchWarehouse {
  spec: WarehouseSpec
  url: string
  /** Every account, region by region, in the generator's order within a region */
  accounts: BenchAccount[]
  /** Event rows over the four event tables */
  rows: number
  /** Seconds it took to build, or null when an earlier run's copy was reused */
  buildSeconds: number | null
}

const EVENT_TABLES = ['webserver_events', 'backend_logs', 'website_events', 'zabbix_alerts'] as const
const WEEK = "INTERVAL '7 days'"
/** Bump when the way the data is built changes: a kept warehouse is then built again. */
const DATA_VERSION = 1
/** Regions land a few seconds apart, so their rows don't share every loaded_at. */
const REGION_OFFSET = "INTERVAL '7 seconds'"

const sqlFile = (name: string) => new URL(`../warehouse/${name}`, import.meta.url)

/** Builds the warehouse, or reuses the copy a kept server already has of exactly this spec. */
export async function benchWarehouse(server: BenchPostgres, spec: WarehouseSpec): Promise<BenchWarehouse> {
  const url = server.url(spec.name)
  const stamp = JSON.stringify({ spec, generator: generatorFingerprint() })
  const reusable = await server.admin(async (admin) => {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [spec.name])
    if (exists.rowCount === 0) return false
    return withClient(url, async (c) => {
      const meta = await c.query(`SELECT to_regclass('bench_meta') IS NOT NULL AS present`)
      if (!meta.rows[0].present) return false
      return (await c.query('SELECT stamp FROM bench_meta')).rows[0]?.stamp === stamp
    })
  })
  const started = performance.now()
  if (!reusable) {
    await server.admin(async (admin) => {
      await admin.query(`DROP DATABASE IF EXISTS "${spec.name}" WITH (FORCE)`)
      await admin.query(`CREATE DATABASE "${spec.name}"`)
    })
    await withClient(url, (c) => build(c, spec, stamp))
  }
  return withClient(url, async (c) => {
    // The view and the recommended indexes are applied every run (idempotent), so a kept copy
    // always has the current warehouse/ SQL.
    await runSqlFile(c, sqlFile('enriched_events.sql'))
    await runSqlFile(c, sqlFile('indexes.sql'))
    await c.query('ANALYZE')
    const accounts = (await c.query('SELECT id, name FROM accounts ORDER BY ord')).rows as BenchAccount[]
    let rows = 0
    for (const t of EVENT_TABLES) rows += Number((await c.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n)
    return {
      spec,
      url,
      accounts,
      rows,
      buildSeconds: reusable ? null : (performance.now() - started) / 1000,
    }
  })
}

async function build(c: pg.Client, spec: WarehouseSpec, stamp: string): Promise<void> {
  await runSqlFile(c, sqlFile('schema.sql'))
  await runSqlFile(c, sqlFile('enriched_events.sql'))
  // `ord` keeps the generator's order of accounts, so books of accounts are the same every run.
  await c.query('ALTER TABLE accounts ADD COLUMN ord integer')
  const data = generateSyntheticData({
    seed: spec.seed,
    accounts: spec.accounts,
    events: spec.weekEvents,
    days: 7,
    end: spec.end,
    mix: spec.mix,
  })
  for (const table of ['accounts', 'systems_to_accounts', ...EVENT_TABLES] as const) {
    await c.query(`CREATE UNLOGGED TABLE seed_${table} (LIKE ${table})`)
  }
  await c.query('ALTER TABLE seed_accounts ADD COLUMN IF NOT EXISTS ord integer')
  await insertRows(
    c,
    'seed_accounts',
    data.tables.accounts.map((a, i) => ({ ...a, ord: i })),
  )
  await insertRows(c, 'seed_systems_to_accounts', data.tables.systems_to_accounts)
  for (const table of EVENT_TABLES) await insertRows<object>(c, `seed_${table}`, data.tables[table])

  // Primary keys are built once at the end: sorting 10 M keys beats 10 M b-tree insertions.
  for (const table of EVENT_TABLES) await c.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey`)
  const regions = `generate_series(0, ${spec.regions - 1}) AS r`
  const weeks = `generate_series(0, ${spec.weeks - 1}) AS w`
  await c.query(`INSERT INTO accounts (id, loaded_at, name, owner_id, email_domain, ord)
    SELECT ${regionId('id')}, loaded_at, ${regionName('name')}, owner_id, ${regionDomain('email_domain')},
      r * ${spec.accounts} + ord
    FROM seed_accounts, ${regions}`)
  await c.query('REFRESH MATERIALIZED VIEW account_domains')
  await c.query(`INSERT INTO systems_to_accounts (system_name, loaded_at, account_id)
    SELECT ${regionSystem('system_name')}, loaded_at, ${regionId('account_id')}
    FROM seed_systems_to_accounts, ${regions}`)
  for (const table of EVENT_TABLES) {
    const columns = (
      await c.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
        [table],
      )
    ).rows.map((r) => r.column_name as string)
    const select = columns.map((column) => cloneColumn(column))
    // Oldest first, as an append-only table grows.
    await c.query(`INSERT INTO ${table} (${columns.join(', ')})
      SELECT ${select.join(', ')} FROM seed_${table}, ${regions}, ${weeks}
      ORDER BY w DESC, loaded_at`)
    await c.query(`DROP TABLE seed_${table}`)
    await c.query(`ALTER TABLE ${table} ADD PRIMARY KEY (event_id)`)
  }
  await c.query('DROP TABLE seed_accounts, seed_systems_to_accounts')
  await runSqlFile(c, sqlFile('indexes.sql'))
  await c.query('VACUUM ANALYZE')
  await c.query('CREATE TABLE bench_meta (stamp text NOT NULL)')
  await c.query('INSERT INTO bench_meta VALUES ($1)', [stamp])
}

/** A clone's value of one column: other ids, domains and systems per region, earlier times per week. */
function cloneColumn(column: string): string {
  switch (column) {
    case 'event_id':
      return `CASE WHEN r = 0 AND w = 0 THEN event_id ELSE event_id || '.' || r || '.' || w END`
    case 'loaded_at':
    case 'occurred_at':
      return `${column} - w * ${WEEK} - r * ${REGION_OFFSET}`
    case 'account_id':
      return regionId('account_id')
    case 'system_name':
      return regionSystem('system_name')
    case 'user_email':
    case 'visitor_email':
      return `CASE WHEN r = 0 THEN ${column} ELSE replace(${column}, '@', '@r' || r || '.') END`
    default:
      return column
  }
}

/** Characters 4–6 of a Salesforce Id carry the region: unique again, still 18 characters. */
const regionId = (column: string) =>
  `CASE WHEN r = 0 THEN ${column} ELSE overlay(${column} placing lpad(r::text, 3, '0') from 4 for 3) END`
const regionName = (column: string) => `CASE WHEN r = 0 THEN ${column} ELSE ${column} || ' R' || r END`
const regionDomain = (column: string) =>
  `CASE WHEN r = 0 THEN ${column} ELSE 'r' || r || '.' || ${column} END`
const regionSystem = (column: string) => `CASE WHEN r = 0 THEN ${column} ELSE ${column} || '-r' || r END`

/** A kept warehouse is rebuilt when the generator's code changes. */
function generatorFingerprint(): string {
  const dir = new URL('../warehouse/synthetic/', import.meta.url)
  const hash = createHash('sha256')
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(new URL(name, dir)))
  hash.update(readFileSync(sqlFile('schema.sql')))
  hash.update(String(DATA_VERSION))
  return hash.digest('hex').slice(0, 16)
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
