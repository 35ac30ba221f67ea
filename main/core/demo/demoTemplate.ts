// A PGlite data directory initialised once (at `npm install`, next to the compiled CLI) and
// unpacked on a first start, instead of running PGlite's initdb there: initdb takes seconds and
// grows the WebAssembly heap to ~800 MB, which V8 keeps until the instance is garbage.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { PGlite } from '@electric-sql/pglite'
import { warehouseSchemaFingerprint } from '../../../warehouse/synthetic/index.ts'
import { markInstalledSchema, seedDemoData } from './demoData.ts'
import { DEMO_START_PARAMS } from './demoPglite.ts'

const TEMPLATE_FILE = 'demo-pgdata.tar.gz'

/**
 * Where `npm install` leaves the template. The CLI and desktop bundles run from dist/cli and
 * dist/desktop, one folder below it; the TypeScript sources (tsx) three folders below the root.
 */
const LOCATIONS = [`../${TEMPLATE_FILE}`, `../../../dist/${TEMPLATE_FILE}`].map((relative) =>
  fileURLToPath(new URL(relative, import.meta.url)),
)

/** The template `npm install` built, or undefined (a checkout not installed, a failed build). */
export function installedDemoTemplate(): string | undefined {
  return LOCATIONS.find((path) => existsSync(path))
}

/** The path `npm install` writes the template to. */
export function demoTemplateTarget(projectRoot: string): string {
  return `${projectRoot}/dist/${TEMPLATE_FILE}`
}

/**
 * Runs initdb in memory, creates the warehouse's tables, view and indexes, seeds the demo's weeks
 * (at their fixed instant: the first start moves them to now), and writes the data directory as
 * a gzipped tarball (~5 MB), through a temporary file so that a demo starting meanwhile finds the
 * old template, the new one, or none.
 */
export async function buildDemoTemplate(target: string): Promise<void> {
  const db = await PGlite.create({ startParams: DEMO_START_PARAMS })
  try {
    await seedDemoTemplate(db)
    await writeDemoTemplate(db, target)
  } finally {
    await db.close()
  }
}

/** What a template holds beyond initdb's directory: the warehouse and its seeded weeks. */
export async function seedDemoTemplate(db: PGlite): Promise<void> {
  const schema = await warehouseSchemaFingerprint()
  await db.transaction(async (tx) => {
    await seedDemoData(tx)
    await markInstalledSchema(tx, schema)
  })
  // The seed's dead row versions and unset hint bits would otherwise ship in every copy.
  await db.exec('VACUUM (FREEZE, ANALYZE)')
  // initdb's template databases serve only CREATE DATABASE, which the demo never runs (it and its
  // clients use `postgres`): without them a first start unpacks about 460 files instead of about 1,070.
  for (const name of ['template0', 'template1']) {
    await db.exec(`ALTER DATABASE ${name} IS_TEMPLATE false`)
    await db.exec(`DROP DATABASE ${name}`)
  }
}

export async function writeDemoTemplate(db: PGlite, target: string): Promise<void> {
  const dump = await db.dumpDataDir('gzip')
  mkdirSync(dirname(target), { recursive: true })
  const staging = `${target}.building-${process.pid}`
  writeFileSync(staging, Buffer.from(await dump.arrayBuffer()))
  renameSync(staging, target)
}

/** Far above the template's ~46 MB, so that a damaged size field or a bomb cannot take the memory. */
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024
/** A gzip member's header and trailer alone */
const MIN_GZIP_BYTES = 18

/**
 * The template's tar stream, inflated in one step into one buffer sized from the gzip trailer
 * (ISIZE: the uncompressed length modulo 4 GiB). Streaming it in zlib's 16 KB chunks left its
 * whole unpacked size (~45 MB) in holes of glibc's main heap, never returned to the system, for the
 * life of the desktop's pipeline worker; one buffer this large is its own mmap, unmapped when freed.
 */
function inflatedTemplate(template: string): Buffer {
  const gzipped = readFileSync(template)
  if (gzipped.length < MIN_GZIP_BYTES) throw new Error(`${template} is damaged (too short for gzip)`)
  const declared = gzipped.readUInt32LE(gzipped.length - 4)
  const chunkSize = Math.min(Math.max(declared, 64 * 1024), MAX_UNPACKED_BYTES)
  return gunzipSync(gzipped, { chunkSize, maxOutputLength: MAX_UNPACKED_BYTES })
}

/**
 * Unpacks the template as `dataDir` (which must not exist). It is unpacked beside it first and
 * renamed into place, so a crash or a damaged tarball never leaves a half-made data directory.
 */
export async function unpackDemoTemplate(template: string, dataDir: string): Promise<void> {
  const staging = `${dataDir}.unpacking-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  try {
    // PGlite writes its entries with absolute paths, which tar strips (an info, not a fault);
    // anything else (a truncated or corrupt archive) fails the unpacking. tar's synchronous
    // unpacker writes each entry from slices of the inflated buffer: no copies.
    const faults: string[] = []
    // Loaded here, not with the demo: only a first start unpacks, and tar with the packages under
    // it took a reopen ~19 ms to load.
    const { UnpackSync } = await import('tar')
    new UnpackSync({
      cwd: staging,
      onwarn: (code, message) => {
        if (code !== 'TAR_ENTRY_INFO') faults.push(`${code}: ${message}`)
      },
    }).end(inflatedTemplate(template))
    if (faults.length > 0) throw new Error(`${template} is damaged (${faults[0]})`)
    // The dump carries the pid file of the PGlite that made it; a data directory has none at rest.
    rmSync(`${staging}/postmaster.pid`, { force: true })
    if (!existsSync(`${staging}/PG_VERSION`))
      throw new Error(`${template} holds no PostgreSQL data directory`)
    renameSync(staging, dataDir)
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    throw error
  }
}
