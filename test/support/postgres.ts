// Databases for tests: a fresh database per test file on the run's PostgreSQL 15 server, or a
// PGlite served over a socket for running the same suite against the demo's engine.
import { randomBytes } from 'node:crypto'
import { cpSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import pg from 'pg'
import { inject } from 'vitest'
import './providedContext.ts'

export interface TestDatabase {
  /** postgres://… for pg.Client, pg-cursor, or the app's warehouse.url */
  url: string
  drop(): Promise<void>
}

/** A new, empty database on the test server, named after `prefix` and unique per call. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const server = inject('pg')
  const name = `${prefix
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 40)}_${randomBytes(4).toString('hex')}`
  await withAdmin(server.adminUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`))
  return {
    url: `postgres://${server.user}@${server.host}:${server.port}/${name}`,
    drop: async () => {
      await withAdmin(server.adminUrl, (admin) =>
        admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      )
    },
  }
}

async function withAdmin<T>(adminUrl: string, fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    return await fn(admin)
  } finally {
    await admin.end()
  }
}

export interface TestPglite {
  url: string
  /** The PGlite itself, for statements that need not go through the socket */
  db: PGlite
  close(): Promise<void>
}

/**
 * A PGlite on a copy of the run's template data directory, served on 127.0.0.1 over
 * pglite-socket so that `pg` and `pg-cursor` talk to it like to PostgreSQL.
 *
 * pglite-socket multiplexes its clients onto PGlite's single session, message by message:
 * a query from a second client while a pg-cursor of the first is open ends the cursor's
 * implicit transaction (the next read hangs or fails). Keep to one client at a time when
 * cursors are in play.
 */
export async function createPgliteDatabase(options: { maxConnections?: number } = {}): Promise<TestPglite> {
  const server = inject('pg')
  const dataDir = join(server.scratchDir, `pglite-${randomBytes(4).toString('hex')}`)
  cpSync(server.pgliteTemplateDir, dataDir, { recursive: true })
  const db = await PGlite.create({
    dataDir,
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
  })
  const socket = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    maxConnections: options.maxConnections ?? 4,
  })
  await socket.start()
  return {
    url: `postgres://postgres@${socket.getServerConn()}/postgres`,
    db,
    close: async () => {
      await socket.stop()
      await db.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
