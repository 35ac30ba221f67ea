import { existsSync, readdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { keepWasmOnBaselineTier } from './demoWasmTier.ts'

/**
 * The demo holds a few thousand rows (~15 MB of tables), and PostgreSQL's shared memory costs at
 * every start: PGlite's C library zeroes the whole segment as it maps it, on V8's baseline code,
 * and touching it faults its pages in. At PGlite's 128 MB of shared buffers that was ~130 MB of
 * resident memory; at 16 MB the zeroing of the 24 MB segment was still the largest function in
 * a reopen's profile. 4 MB of buffers and two connections (PGlite runs a single session; PostgreSQL
 * sizes its per-backend arrays by this) make it 8 MB (bench/README.md, round six).
 */
export const DEMO_START_PARAMS = [
  ...PGlite.defaultStartParams,
  '-c',
  'shared_buffers=4MB',
  '-c',
  'max_connections=2',
]

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

/** `wasm`: PGlite's module compiled ahead (pgliteWasm.ts), else PGlite compiles it here. */
export function openDataDir(dataDir: string, wasm?: WebAssembly.Module): Promise<PGlite> {
  keepWasmOnBaselineTier()
  return PGlite.create({
    dataDir,
    startParams: DEMO_START_PARAMS,
    ...(wasm ? { pgliteWasmModule: wasm } : {}),
  })
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
