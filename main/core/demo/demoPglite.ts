import { existsSync, readdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { keepWasmOnBaselineTier } from './demoWasmTier.ts'

/**
 * The demo holds a few thousand rows: 16 MB of shared buffers instead of PGlite's 128 MB
 * takes about 130 MB off the resident size and costs nothing measurable.
 */
export const DEMO_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB']

export function isInitialised(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'))
}

/**
 * Runs initdb into an empty `dataDir`. The instance is closed right away: initdb leaves
 * ~500 MB of WebAssembly memory behind, which V8 only frees once it is garbage, and the
 * next open is what makes the collector run.
 */
export async function initialiseDataDir(dataDir: string): Promise<void> {
  keepWasmOnBaselineTier()
  const db = await PGlite.create({ dataDir, startParams: DEMO_START_PARAMS })
  await db.close()
}

export function openDataDir(dataDir: string): Promise<PGlite> {
  keepWasmOnBaselineTier()
  return PGlite.create({ dataDir, startParams: DEMO_START_PARAMS })
}

/**
 * A directory PGlite cannot use (a crash during initdb, a damaged file) is moved aside, not
 * deleted: the path came from the caller, and the demo can always be seeded again.
 */
export function moveAside(dataDir: string, now: Date): string {
  const aside = `${dataDir}.broken-${now.toISOString().replace(/[:.]/g, '-')}`
  renameSync(dataDir, aside)
  return aside
}

export function isEmptyOrMissing(dataDir: string): boolean {
  return !existsSync(dataDir) || readdirSync(dataDir).length === 0
}
