// The warehouse of the demo: an embedded PostgreSQL (PGlite) in a data directory of the
// user's, seeded with a week of synthetic events and served on a local socket, so the core
// polls it with the same pg client and cursor it uses for a real warehouse.
import { existsSync, mkdirSync, rmdirSync } from 'node:fs'
import type { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import {
  DEMO_OWNER,
  installWarehouseSchema,
  warehouseSchemaFingerprint,
} from '../../../warehouse/synthetic/index.ts'
import type { OwnershipSnapshot } from '../ownership/ownedAccount.ts'
import { DEMO_ACCOUNT_FIELDS, demoAccountValues } from './demoAccountFields.ts'
import {
  demoAccounts,
  installedSchema,
  isUnmoved,
  markInstalledSchema,
  moveSeededWeeks,
  seedDemoData,
  seededUntil,
  topUpDemoData,
} from './demoData.ts'
import { lockDemoDataDir } from './demoDataDirLock.ts'
import { initialiseDataDir, isEmptyOrMissing, isInitialised, moveAside, openDataDir } from './demoPglite.ts'
import { installedDemoTemplate, unpackDemoTemplate } from './demoTemplate.ts'
import { DemoSessionBusyError, SocketSessionGate } from './socketSessionGate.ts'

export interface DemoLog {
  info(fields: object, message: string): void
  warn(fields: object, message: string): void
}

export interface DemoWarehouseOptions {
  /** Created on first use; reused (and topped up) afterwards */
  dataDir: string
  now: Date
  log?: DemoLog
  /**
   * A pre-initialised data directory (a tarball, see demoTemplate.ts) for a first start; null
   * runs initdb. Default: the one `npm install` built, if any.
   */
  template?: string | null
  /** PGlite's WebAssembly, compiling since before this module loaded (pgliteWasm.ts) */
  pgliteWasm?: Promise<WebAssembly.Module>
}

export interface DemoWarehouse {
  /** postgres://… on 127.0.0.1; two clients at most */
  url: string
  /** The built-in owner and the accounts it owns */
  ownership: OwnershipSnapshot
  /** Adds the events that landed since the last call (a few, with loaded_at ≈ now); returns how many */
  appendLiveEvents(now: Date): Promise<number>
  close(): Promise<void>
}

const SILENT: DemoLog = { info: () => {}, warn: () => {} }

/**
 * pglite-socket multiplexes its clients onto PGlite's single session message by message, and
 * serves one client alone while the session is in a transaction. Every read of a source is a
 * transaction (BEGIN READ ONLY … COMMIT), so two sources can share it: the poller's, and the
 * desktop's rules preview with its own (test/core/demo/demoWarehouse.test.ts).
 */
const MAX_CONNECTIONS = 2

export async function openDemoWarehouse(options: DemoWarehouseOptions): Promise<DemoWarehouse> {
  const { dataDir, now } = options
  const log = options.log ?? SILENT
  const unlock = lockDemoDataDir(dataDir)
  let db: PGlite | undefined
  try {
    const template = options.template === undefined ? installedDemoTemplate() : options.template
    db = await openSeeded(dataDir, now, log, template ?? undefined, options.pgliteWasm)
    return await serve(db, now, log, unlock)
  } catch (error) {
    await db?.close().catch(() => {})
    unlock()
    throw error
  }
}

async function openSeeded(
  dataDir: string,
  now: Date,
  log: DemoLog,
  template: string | undefined,
  wasm: Promise<WebAssembly.Module> | undefined,
): Promise<PGlite> {
  const started = performance.now()
  if (!isInitialised(dataDir) && !isEmptyOrMissing(dataDir)) {
    log.warn(
      { dataDir, movedTo: moveAside(dataDir, now) },
      'demo warehouse directory was incomplete; starting afresh',
    )
  }
  let fromTemplate = false
  if (!isInitialised(dataDir)) fromTemplate = await createDataDir(dataDir, log, template)
  // Awaited apart: a module that failed to compile says nothing about the data directory.
  const pgliteModule = await wasm
  let db: PGlite
  try {
    db = await openDataDir(dataDir, pgliteModule)
  } catch (error) {
    const movedTo = moveAside(dataDir, now)
    log.warn({ dataDir, movedTo, err: String(error) }, 'demo warehouse could not be opened; starting afresh')
    // A template that made a directory PGlite cannot open (one from another PGlite) is not tried again.
    fromTemplate = await createDataDir(dataDir, log, fromTemplate ? undefined : template)
    db = await openDataDir(dataDir, pgliteModule)
  }
  const mark = await seededUntil(db)
  const schema = await warehouseSchemaFingerprint()
  const opened = await db.transaction(async (tx) => {
    // A template from `npm install` carries the seeded weeks; initdb's directory (or a template
    // from an earlier version) has none yet. Either way they are then moved to now.
    const seeded = mark ? 0 : await seedDemoData(tx)
    if (!mark) await markInstalledSchema(tx, schema)
    else if ((await installedSchema(tx)) !== schema) {
      // A demo made by an earlier version gets this version's view and indexes (all idempotent).
      await installWarehouseSchema(tx)
      await markInstalledSchema(tx, schema)
    }
    const created = !mark || isUnmoved(mark)
    const movedDays = created ? await moveSeededWeeks(tx, now) : 0
    const toppedUp = await topUpDemoData(tx, now, { highlights: false })
    return { created, seeded, movedDays, events: seeded + toppedUp }
  })
  const { created, ...counts } = opened
  log.info(
    {
      dataDir,
      created,
      ...(created ? { fromTemplate, ...counts } : { events: counts.events, seededFrom: mark?.toISOString() }),
      ms: Math.round(performance.now() - started),
      rssMb: Math.round(process.memoryUsage().rss / 1e6),
    },
    created ? 'demo warehouse created and seeded' : 'demo warehouse reopened and topped up',
  )
  return db
}

/** Unpacks the template into the missing or empty `dataDir`, or runs initdb there. Returns whether the template was used. */
async function createDataDir(dataDir: string, log: DemoLog, template: string | undefined): Promise<boolean> {
  if (template) {
    // The directory may exist, empty: the template is renamed into its place (rmdir refuses a non-empty one).
    if (existsSync(dataDir)) rmdirSync(dataDir)
    try {
      await unpackDemoTemplate(template, dataDir)
      return true
    } catch (error) {
      log.warn({ template, err: String(error) }, 'demo warehouse template unusable; running initdb')
    }
  }
  mkdirSync(dataDir, { recursive: true })
  await initialiseDataDir(dataDir)
  return false
}

async function serve(db: PGlite, now: Date, log: DemoLog, unlock: () => void): Promise<DemoWarehouse> {
  let server: PGLiteSocketServer | undefined
  const gate = new SocketSessionGate(db, () => server?.getStats().activeConnections ?? 0)
  server = new PGLiteSocketServer({
    db: gate.socketView(),
    host: '127.0.0.1',
    port: 0,
    maxConnections: MAX_CONNECTIONS,
  })
  await server.start()
  const socket = server
  let appending: Promise<number> = Promise.resolve(0)
  return {
    url: `postgres://postgres@${socket.getServerConn()}/postgres`,
    ownership: await demoOwnership(db, now),
    appendLiveEvents(now) {
      // One append at a time: two would start from the same mark.
      appending = appending.then(() => appendLive(db, gate, now, log))
      return appending
    },
    async close() {
      await appending.catch(() => {})
      await socket.stop()
      await db.close()
      unlock()
    },
  }
}

async function appendLive(db: PGlite, gate: SocketSessionGate, now: Date, log: DemoLog): Promise<number> {
  try {
    return await gate.exclusive(() => db.transaction((tx) => topUpDemoData(tx, now, { highlights: true })))
  } catch (error) {
    // The next call covers this period too: the mark only moves with the rows.
    if (error instanceof DemoSessionBusyError) {
      log.warn({ err: error.message }, 'demo live events deferred')
      return 0
    }
    throw error
  }
}

async function demoOwnership(db: PGlite, now: Date): Promise<OwnershipSnapshot> {
  const { rows } = await db.query<{ id: string; name: string }>(
    'SELECT id, name FROM accounts WHERE owner_id = $1 ORDER BY name',
    [DEMO_OWNER.id],
  )
  const crm = new Map(demoAccounts().map((account) => [account.id, account]))
  return {
    userId: DEMO_OWNER.id,
    accounts: rows.map((row) => {
      const synthetic = crm.get(row.id)
      return {
        id: row.id,
        name: row.name,
        people: [{ field: 'OwnerId', userId: DEMO_OWNER.id, name: DEMO_OWNER.name, email: DEMO_OWNER.email }],
        ...(synthetic ? { fields: demoAccountValues(synthetic, now) } : {}),
      }
    }),
    accountFields: [...DEMO_ACCOUNT_FIELDS],
  }
}
