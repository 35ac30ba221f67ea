import net from 'node:net'
import pg from 'pg'
import Cursor from 'pg-cursor'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import '../providedContext.ts'
import { createTestDatabase, type TestDatabase } from '../postgres.ts'
import { RedshiftStandIn } from './redshiftStandIn.ts'

// The stand-in holds the real `pg` client to Redshift's documented limits, and lets everything
// else through to PostgreSQL: each limit is shown failing the way Moments read before.

let database: TestDatabase
let standIn: RedshiftStandIn
let client: pg.Client

beforeAll(async () => {
  database = await createTestDatabase('redshift_stand_in')
  const server = inject('pg')
  standIn = new RedshiftStandIn({
    upstream: { host: server.host, port: server.port },
    sha256Users: ['sha_user'],
  })
  await standIn.start()
  // Set up on PostgreSQL itself: generate_series is one of the things the stand-in refuses.
  const direct = new pg.Client({ connectionString: database.url })
  await direct.connect()
  await direct.query(
    'CREATE TABLE numbers AS SELECT g AS n, (g % 3)::text AS tag FROM generate_series(1, 2500) g',
  )
  await direct.end()
  client = await connect()
})

afterAll(async () => {
  await client?.end()
  await standIn?.close()
  await database?.drop()
})

async function connect(): Promise<pg.Client> {
  const c = new pg.Client({
    host: '127.0.0.1',
    port: standIn.port,
    user: 'postgres',
    database: new URL(database.url).pathname.slice(1),
  })
  await c.connect()
  return c
}

const read = (cursor: Cursor, rows: number) =>
  new Promise<unknown[]>((resolve, reject) => cursor.read(rows, (e, r) => (e ? reject(e) : resolve(r))))

describe('the Redshift stand-in', () => {
  it('reports server_version 8.0.2, as Redshift does', async () => {
    const versions: string[] = []
    const c = new pg.Client({ host: '127.0.0.1', port: standIn.port, user: 'postgres', database: 'postgres' })
    ;(c as unknown as { connection: NodeJS.EventEmitter }).connection.on(
      'parameterStatus',
      (m: { parameterName: string; parameterValue: string }) => {
        if (m.parameterName === 'server_version') versions.push(m.parameterValue)
      },
    )
    await c.connect()
    await c.end()
    expect(versions).toEqual(['8.0.2'])
  })

  it('refuses a cursor fetch over 1,000 rows: how Moments read before (pg-cursor, 2,000)', async () => {
    const cursor = client.query(new Cursor('SELECT n FROM numbers ORDER BY n'))
    await expect(read(cursor, 2_000)).rejects.toThrow(
      'Fetch size 2000 exceeds the limit of 1000 for a single node configuration',
    )
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
  })

  it('refuses a cursor outside a transaction block, and serves one inside', async () => {
    const outside = client.query(new Cursor('SELECT n FROM numbers ORDER BY n'))
    await expect(read(outside, 500)).rejects.toThrow(/only be used in transaction blocks/)
    await client.query('BEGIN READ ONLY')
    const inside = client.query(new Cursor('SELECT n FROM numbers ORDER BY n'))
    let rows = 0
    for (let batch = await read(inside, 1_000); batch.length > 0; batch = await read(inside, 1_000))
      rows += batch.length
    await inside.close()
    await client.query('COMMIT')
    expect(rows).toBe(2_500)
    expect(standIn.fetches.filter((f) => f.inTransaction && f.rows === 1_000).length).toBeGreaterThanOrEqual(
      3,
    )
  })

  it.each([
    [
      'STRING_AGG',
      "SELECT string_agg(tag, ',') FROM numbers",
      /not supported on Redshift: function string_agg/,
    ],
    ['an array parameter', 'SELECT n FROM numbers WHERE tag = ANY($1::text[])', /= ANY/],
    ['generate_series', 'SELECT g FROM generate_series(1, 3) g', /generate_series/],
    ['DISTINCT ON', 'SELECT DISTINCT ON (tag) tag, n FROM numbers', /DISTINCT ON/],
    ['LATERAL', 'SELECT * FROM numbers, LATERAL (SELECT numbers.n) x', /LATERAL/],
    ['FILTER', 'SELECT count(*) FILTER (WHERE n > 1) FROM numbers', /FILTER/],
    ['CREATE INDEX', 'CREATE INDEX numbers_n ON numbers (n)', /CREATE INDEX/],
    ['ON CONFLICT', 'INSERT INTO numbers VALUES (1, $1) ON CONFLICT DO NOTHING', /ON CONFLICT/],
    [
      'SET default_transaction_read_only',
      'SET default_transaction_read_only = on',
      /unrecognized configuration parameter "default_transaction_read_only"/,
    ],
    [
      'SHOW server_encoding',
      'SHOW server_encoding',
      /unrecognized configuration parameter "server_encoding"/,
    ],
  ])('refuses %s, and the session goes on', async (_, sql, message) => {
    const values = sql.includes('$1') ? [['1']] : undefined
    await expect(client.query(sql, values as unknown[])).rejects.toThrow(message)
    // Through the simple protocol too.
    if (!values) await expect(client.query(sql)).rejects.toThrow(message)
    expect((await client.query("SET timezone TO 'UTC'")).command).toBe('SET')
    expect((await client.query('SELECT count(*)::int AS n FROM numbers')).rows).toEqual([{ n: 2_500 }])
  })

  it('refuses more than 32,767 bind parameters', async () => {
    const values = Array.from({ length: 32_768 }, (_, i) => String(i))
    const list = values.map((_, i) => `$${i + 1}`).join(', ')
    await expect(client.query(`SELECT n FROM numbers WHERE tag IN (${list})`, values)).rejects.toThrow(
      /32768 parameters: the limit is 32767/,
    )
    const fits = values.slice(0, 32_767)
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM numbers WHERE tag IN (${fits.map((_, i) => `$${i + 1}`).join(', ')})`,
      fits,
    )
    expect(rows).toEqual([{ n: 2_500 }])
  })

  it('asks a user with a SHA-256 password for the digest (authentication request 13)', async () => {
    const socket = net.connect({ host: '127.0.0.1', port: standIn.port })
    await new Promise((resolve) => socket.once('connect', resolve))
    const body = Buffer.from('\0\x03\0\0user\0sha_user\0database\0postgres\0\0', 'latin1')
    const length = Buffer.alloc(4)
    length.writeInt32BE(body.length + 4)
    socket.write(Buffer.concat([length, body]))
    const [answer] = (await new Promise((resolve) => socket.once('data', (d) => resolve([d])))) as [Buffer]
    socket.destroy()
    expect(String.fromCharCode(answer[0] as number)).toBe('R')
    expect(answer.readInt32BE(5)).toBe(13)
  })

  it('answers a TLS request with no', async () => {
    const c = new pg.Client({
      host: '127.0.0.1',
      port: standIn.port,
      user: 'postgres',
      database: 'postgres',
      ssl: { rejectUnauthorized: false },
    })
    await expect(c.connect()).rejects.toThrow(/does not support SSL/)
    expect(standIn.tlsRequests).toBeGreaterThan(0)
  })
})
