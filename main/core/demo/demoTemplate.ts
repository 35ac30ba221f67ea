// A PGlite data directory initialised once (at `npm install`, next to the compiled CLI) and
// unpacked on a first start, instead of running PGlite's initdb there: initdb takes seconds and
// grows the WebAssembly heap to ~800 MB, which V8 keeps until the instance is garbage.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { extract } from 'tar'
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
    // anything else (a truncated or corrupt archive) fails the unpacking.
    const faults: string[] = []
    await extract({
      file: template,
      cwd: staging,
      onwarn: (code, message) => {
        if (code !== 'TAR_ENTRY_INFO') faults.push(`${code}: ${message}`)
      },
    })
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
