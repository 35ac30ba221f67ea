// One throwaway PostgreSQL 15 server for a test run: the real thing the reference SQL must
// run on, fast to start because it never syncs to disk.
import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { type PostgresBinaries, postgresBinaries } from './postgresBinaries.ts'

export interface RunningPostgres {
  host: string
  port: number
  user: string
  /** The server's log file */
  logFile: string
  /** Where its binaries came from */
  binaries: PostgresBinaries
  /** Runs pg_ctl on this server's data directory, as the user the server runs as */
  pgCtl(args: string[]): void
  /** The `-o` options it was started with */
  settings: string
  stop(): void
}

export interface PostgresServerOptions {
  /** More `-c name=value` settings; they win over the defaults (the bench sizes memory and connections) */
  settings?: Record<string, string | number>
  /** Which binaries (default: postgresBinaries()) */
  binaries?: PostgresBinaries
}

/**
 * initdb + pg_ctl start in `dir`. PostgreSQL refuses to run as root, so under root both run as
 * the binaries' `runAs` user, and `dir` is handed to it. A data directory initialised earlier in
 * `dir` is started as it is (the bench keeps its warehouse between runs with --keep).
 */
export async function startPostgres(
  dir: string,
  options: PostgresServerOptions = {},
): Promise<RunningPostgres> {
  const binaries = options.binaries ?? (await postgresBinaries())
  const initdb = join(binaries.binDir, 'initdb')
  const pgCtlPath = join(binaries.binDir, 'pg_ctl')
  mkdirSync(dir, { recursive: true })
  if (binaries.runAs) handTo(binaries.runAs, dir)
  const dataDir = join(dir, 'data')
  const port = await freePort()
  const run = (command: string, args: string[]) => {
    const [file, argv] = binaries.runAs
      ? ['runuser', ['-u', binaries.runAs, '--', command, ...args]]
      : [command, args]
    const result = spawnSync(file, argv, { encoding: 'utf8', timeout: 60_000 })
    if (result.status !== 0) {
      throw new Error(
        `${command} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout || result.error?.message}`,
      )
    }
  }
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    run(initdb, ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
  }
  const settings = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c timezone=UTC',
    '-c max_connections=50',
    ...Object.entries(options.settings ?? {}).map(([name, value]) => `-c ${name}=${value}`),
  ].join(' ')
  const logFile = join(dir, 'postgres.log')
  const pgCtl = (args: string[]) => run(pgCtlPath, ['-D', dataDir, ...args])
  pgCtl(['-o', settings, '-l', logFile, '-w', '-t', '60', 'start'])
  return {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    logFile,
    binaries,
    pgCtl,
    settings,
    stop: () => {
      // Immediate: the data is throwaway, so no need to wait for a checkpoint.
      try {
        pgCtl(['-m', 'immediate', '-w', 'stop'])
      } catch {
        // Already stopped
      }
    },
  }
}

function handTo(user: string, dir: string): void {
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim())
  const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim())
  chownSync(dir, uid, gid)
}

/** A port the OS just handed out; PostgreSQL cannot take port 0 itself. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}
