import type { AddressInfo } from 'node:net'
import { connect, createServer, type Server, type Socket } from 'node:net'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../../support/postgres.ts'
import { testSource } from '../../../support/testSource.ts'

// A head poll that finds nothing waits on the server once: BEGIN READ ONLY, the clock and the
// read's first batch go out together; COMMIT goes with the Sync, and its answer is awaited by the
// next read, not this one. Seen on the wire, between the source and a real PostgreSQL, by a relay
// on 127.0.0.1 that counts the client's turns and can hold the server's answers back.

let database: TestDatabase
let relay: Server
const sockets = new Set<Socket>()
/** Times the client spoke after the server had answered: the round trips */
let turns = 0
/** COMMITs the client has sent; armed, the server's answers from the next one on wait in `held` */
let commits = 0
let holdNextCommit = false
let holding = false
const held: Buffer[] = []
let toClient: Socket | null = null

beforeAll(async () => {
  database = await createTestDatabase('postgres_round_trips')
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  await client.query(`CREATE TABLE events AS SELECT 'e-1' AS event_id, now() - interval '1 hour' AS loaded_at,
    now() AS occurred_at, 'webserver' AS source, 'request' AS event_type,
    '001000000000001AAA' AS account_id, 'Acme Corp' AS account_name`)
  await client.end()
  const target = new URL(database.url)
  relay = createServer((inbound) => {
    const outbound = connect(Number(target.port), target.hostname)
    sockets.add(inbound).add(outbound)
    let last: 'client' | 'server' = 'server'
    toClient = inbound
    inbound.on('data', (chunk) => {
      if (last === 'server') turns++
      if (chunk.includes('COMMIT')) {
        commits++
        if (holdNextCommit) holding = true
      }
      last = 'client'
      outbound.write(chunk)
    })
    outbound.on('data', (chunk) => {
      last = 'server'
      if (holding) held.push(chunk)
      else inbound.write(chunk)
    })
    inbound.on('close', () => outbound.destroy())
    outbound.on('close', () => inbound.destroy())
    inbound.on('error', () => {})
    outbound.on('error', () => {})
  })
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve))
})

afterAll(async () => {
  for (const socket of sockets) socket.destroy()
  await new Promise((resolve) => relay?.close(resolve))
  await database?.drop()
})

it('polls the head in one round trip when nothing is new, the clock told and the session kept', async () => {
  const url = new URL(database.url)
  url.host = `127.0.0.1:${(relay.address() as AddressInfo).port}`
  const source = testSource(url.toString(), 'SELECT * FROM events')
  const told: string[] = []
  const poll = async () => {
    const rows = []
    for await (const batch of source.rowsAfter(
      { loadedAt: new Date().toISOString(), eventId: '' },
      ['001000000000001AAA'],
      (t) => told.push(t),
    ))
      rows.push(...batch)
    return rows
  }
  try {
    expect(await poll()).toEqual([]) // opens the session
    // Its COMMIT is on its way: the count starts once it is through.
    for (let tries = 0; tries < 250 && commits < 1; tries++) await new Promise((r) => setTimeout(r, 20))
    expect(commits).toBe(1)
    turns = 0
    // This poll's COMMIT goes unanswered until released: the poll ends anyway.
    holdNextCommit = true
    const unanswered = new Promise((resolve) => setTimeout(resolve, 10_000, 'still waiting').unref())
    expect(await Promise.race([poll(), unanswered])).toEqual([])
    for (let tries = 0; tries < 250 && (commits < 2 || held.length === 0); tries++)
      await new Promise((r) => setTimeout(r, 20))
    // One exchange for BEGIN, the clock and the read; the COMMIT, sent after it, unanswered.
    expect(turns).toBe(2)
    expect(held.length).toBeGreaterThan(0)
    expect(told).toHaveLength(2)
    holdNextCommit = false
    holding = false
    for (const chunk of held.splice(0)) toClient?.write(chunk)
    // Still one session, and it reads rows as before.
    expect(sockets.size).toBe(2)
    const rows = []
    for await (const batch of source.rowsAfter({ loadedAt: '2000-01-01T00:00:00Z', eventId: '' }, [
      '001000000000001AAA',
    ]))
      rows.push(...batch)
    expect(rows.map((r) => r.event_id)).toEqual(['e-1'])
  } finally {
    await source.close()
  }
})
