import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { syntheticAccounts } from './accounts.ts'
import { type EventWindowOptions, generateEventWindow } from './eventWindow.ts'
import {
  generateSyntheticData,
  type SyntheticData,
  type SyntheticDataOptions,
} from './generateSyntheticData.ts'
import { insertRows } from './insertRows.ts'
import type { EventTables, RawTables } from './rawRows.ts'
import { runSqlFile, type SqlRunner } from './sqlRunner.ts'

/** The reference files, in the order they must run. */
const WAREHOUSE_FILES = ['schema.sql', 'enriched_events.sql', 'indexes.sql'].map(
  (name) => new URL(`../${name}`, import.meta.url),
)

/** Creates the raw tables, the enriched_events view and its indexes (idempotent). */
export async function installWarehouseSchema(db: SqlRunner): Promise<void> {
  for (const file of WAREHOUSE_FILES) await runSqlFile(db, file)
}

/** The reference files' text, hashed: a warehouse installed from the same text needs none of it run again. */
export async function warehouseSchemaFingerprint(): Promise<string> {
  const hash = createHash('sha256')
  for (const file of WAREHOUSE_FILES) hash.update(await readFile(file))
  return hash.digest('hex')
}

export type InsertedRows = Record<keyof RawTables, number>

/**
 * Installs the schema and loads a generated warehouse. No transaction of its own: wrap the call
 * in BEGIN/COMMIT when the load must be all or nothing (the demo does).
 */
/** As the data team does after its accounts sync: the domain lookup follows the accounts. */
export async function refreshAccountDomains(db: SqlRunner): Promise<void> {
  await db.query('REFRESH MATERIALIZED VIEW account_domains')
}

async function refreshedAfter(db: SqlRunner, inserting: Promise<number>): Promise<number> {
  const inserted = await inserting
  await refreshAccountDomains(db)
  return inserted
}

export async function loadSyntheticData(
  db: SqlRunner,
  options: SyntheticDataOptions,
): Promise<SyntheticData & { inserted: InsertedRows }> {
  await installWarehouseSchema(db)
  const data = generateSyntheticData(options)
  const { tables } = data
  // Dimension tables first, so that a reader never sees an event whose account is missing.
  const inserted: InsertedRows = {
    accounts: await refreshedAfter(db, insertRows(db, 'accounts', tables.accounts)),
    systems_to_accounts: await insertRows(db, 'systems_to_accounts', tables.systems_to_accounts),
    user_aggregated_activity: await insertRows(
      db,
      'user_aggregated_activity',
      tables.user_aggregated_activity,
    ),
    ...(await insertEventTables(db, tables)),
  }
  return { ...data, inserted }
}

export type AppendOptions = Omit<EventWindowOptions, 'accounts'> & {
  /** The account count the warehouse was loaded with: the same seed and count give the same accounts. */
  accounts: number
}

/**
 * Tops up a loaded warehouse with the events of a later period (from, to]: deterministic like
 * the first load, and harmless to repeat. Returns how many event rows were new.
 */
export async function appendSyntheticEvents(db: SqlRunner, options: AppendOptions): Promise<number> {
  const accounts = syntheticAccounts(options.seed, options.accounts)
  const tables = generateEventWindow({ ...options, accounts })
  const inserted = await insertEventTables(db, tables)
  return Object.values(inserted).reduce((sum, n) => sum + n, 0)
}

async function insertEventTables(
  db: SqlRunner,
  tables: EventTables,
): Promise<Record<keyof EventTables, number>> {
  return {
    webserver_events: await insertRows(db, 'webserver_events', tables.webserver_events),
    backend_logs: await insertRows(db, 'backend_logs', tables.backend_logs),
    website_events: await insertRows(db, 'website_events', tables.website_events),
    zabbix_alerts: await insertRows(db, 'zabbix_alerts', tables.zabbix_alerts),
  }
}
