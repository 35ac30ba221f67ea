// The bench's PostgreSQL 15 server: the tests' throwaway server, sized like a small warehouse
// replica (memory for the head of the tables, connections for a fleet of laptops).
import { chmodSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { type RunningPostgres, startPostgres } from '../test/support/postgresServer.ts'

export interface BenchPostgres extends RunningPostgres {
  dir: string
  version: string
  url(database: string): string
  admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T>
  close(): void
}

/** `keep`: the data directory survives the run and is started again next time (data reused). */
export async function startBenchPostgres(options: {
  keep: boolean
  maxConnections: number
}): Promise<BenchPostgres> {
  const dir = join(tmpdir(), options.keep ? 'moments-bench-kept' : `moments-bench-${process.pid}`)
  if (!options.keep && existsSync(dir)) rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  // The server runs as the postgres user, which must be able to enter the directory.
  chmodSync(dir, 0o755)
  const server = await startPostgres(join(dir, 'server'), {
    settings: {
      max_connections: options.maxConnections,
      shared_buffers: '1GB',
      work_mem: '16MB',
      maintenance_work_mem: '512MB',
      max_wal_size: '4GB',
      // Off so every figure measures what a poll itself costs: no background vacuum of the bench tables.
      autovacuum: 'off',
      log_min_messages: 'warning',
    },
  })
  const url = (database: string) => `postgres://${server.user}@${server.host}:${server.port}/${database}`
  async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: url('postgres') })
    await client.connect()
    try {
      return await work(client)
    } finally {
      await client.end()
    }
  }
  const version = await admin(
    async (c) => (await c.query('SHOW server_version')).rows[0].server_version as string,
  )
  return {
    ...server,
    dir,
    version,
    url,
    admin,
    close() {
      server.stop()
      if (!options.keep) rmSync(dir, { recursive: true, force: true })
    },
  }
}
