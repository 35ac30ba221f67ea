// A PostgreSQL 15 server of a test's own, which it can stop and start again on the same port and
// data: a warehouse outage. `startPostgres` creates and starts it; this adds the restart.
import { join } from 'node:path'
import { startPostgres } from './postgresServer.ts'

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
  let running = true
  return {
    host: server.host,
    port: server.port,
    user: server.user,
    url: (database) => `postgres://${server.user}@${server.host}:${server.port}/${database}`,
    pause() {
      server.pgCtl(['-m', 'immediate', '-w', 'stop'])
      running = false
    },
    resume() {
      server.pgCtl(['-o', server.settings, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', 'start'])
      running = true
    },
    stop() {
      if (running) server.stop()
      running = false
    },
  }
}
