// A PostgreSQL 15 server of a test's own, which it can stop and start again on the same port and
// data: a warehouse outage. `startPostgres` creates and starts it; this adds the restart.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { POSTGRES_BIN_DIR, startPostgres } from './postgresServer.ts'

export interface PausablePostgres {
  host: string
  port: number
  user: string
  /** postgres://… of `database` on this server */
  url(database: string): string
  /** Stops the server at once (`-m immediate`: connections are cut, as in a crash or failover) */
  pause(): void
  /** Starts it again, same port, same data */
  resume(): void
  stop(): void
}

export async function startPausablePostgres(dir: string): Promise<PausablePostgres> {
  const server = await startPostgres(dir)
  const dataDir = join(dir, 'data')
  const pgCtl = join(POSTGRES_BIN_DIR, 'pg_ctl')
  const asRoot = process.getuid?.() === 0
  const pgCtlRun = (args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', pgCtl, ...args]] : [pgCtl, args]
    const result = spawnSync(file, argv, { encoding: 'utf8', timeout: 60_000 })
    if (result.status !== 0)
      throw new Error(`pg_ctl ${args.at(-1)} failed: ${result.stderr || result.stdout}`)
  }
  // The settings startPostgres uses, on the port it found.
  const settings = [
    `-p ${server.port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c timezone=UTC',
    '-c max_connections=50',
  ].join(' ')
  let running = true
  return {
    host: server.host,
    port: server.port,
    user: server.user,
    url: (database) => `postgres://${server.user}@${server.host}:${server.port}/${database}`,
    pause() {
      pgCtlRun(['-D', dataDir, '-m', 'immediate', '-w', 'stop'])
      running = false
    },
    resume() {
      pgCtlRun(['-D', dataDir, '-o', settings, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', 'start'])
      running = true
    },
    stop() {
      if (running) server.stop()
      running = false
    },
  }
}
