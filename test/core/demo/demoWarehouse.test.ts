import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import Cursor from 'pg-cursor'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type DemoWarehouse, openDemoWarehouse } from '../../../main/core/demo/demoWarehouse.ts'
import { BACKEND_WARM_UP } from '../../../main/core/warehouse/sources/postgres/postgresDialect.ts'
import { DEMO_OWNER } from '../../../warehouse/synthetic/index.ts'
import '../../support/providedContext.ts'

const NOW = new Date('2025-03-14T12:00:00Z')
const minutesLater = (n: number) => new Date(NOW.getTime() + n * 60_000)

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

describe('the demo warehouse', () => {
  let root: string
  let dataDir: string
  let demo: DemoWarehouse
  /** The book as the demo opened it at NOW, before a reopen a day later */
  let seededOwnership: DemoWarehouse['ownership']
  let coldMs: number

  beforeAll(async () => {
    root = mkdtempSync(join(inject('pg').scratchDir, 'demo-'))
    dataDir = join(root, 'demo-warehouse')
    const started = performance.now()
    demo = await openDemoWarehouse({ dataDir, now: NOW })
    coldMs = performance.now() - started
  })

  afterAll(async () => {
    await demo?.close()
    rmSync(root, { recursive: true, force: true })
  })

  it('creates and seeds a week of events on first use, owned 40% by the demo owner', async () => {
    console.info(
      `demo warehouse cold create: ${Math.round(coldMs)} ms, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
    )
    expect(demo.ownership.userId).toBe(DEMO_OWNER.id)
    expect(demo.ownership.accounts).toHaveLength(12)
    expect(demo.ownership.accounts[0]?.people).toEqual([
      { field: 'OwnerId', userId: DEMO_OWNER.id, name: 'Demo Account Manager', email: DEMO_OWNER.email },
    ])
    seededOwnership = demo.ownership
    // Salesforce's side of the demo: each account's stage, and a paying customer's renewal date
    // as Salesforce writes a date, counted from the clock the demo opened with.
    const types = demo.ownership.accounts.map((a) => a.fields?.Type)
    expect(new Set(types)).toEqual(new Set(['Trial', 'Customer - Direct', 'Customer - Channel']))
    for (const account of demo.ownership.accounts) {
      const renewal = account.fields?.Renewal_Date__c
      if (account.fields?.Type === 'Trial') expect(renewal).toBeNull()
      else {
        expect(renewal).toMatch(/^\d{4}-\d{2}-\d{2}$/)
        expect(Date.parse(`${renewal}T00:00:00Z`)).toBeGreaterThan(NOW.getTime())
      }
    }
    expect(demo.ownership.accountFields?.map((f) => f.path)).toEqual([
      'Name',
      'Type',
      'Industry',
      'AnnualRevenue',
      'Renewal_Date__c',
    ])
    const [stats] = await withClient(
      demo.url,
      async (c) =>
        (
          await c.query(
            'SELECT COUNT(*)::int AS n, MIN(loaded_at) AS first, MAX(loaded_at) AS last FROM enriched_events',
          )
        ).rows,
    )
    expect(stats.n).toBeGreaterThan(3000)
    expect(stats.last.getTime()).toBeLessThanOrEqual(NOW.getTime())
    expect(NOW.getTime() - stats.first.getTime()).toBeGreaterThan(6.5 * 86_400_000)
  })

  it('moves the seeded weeks to the clock by whole days: the nightly rollup keeps its keys, dates and landing hour', async () => {
    const [rollup] = await withClient(
      demo.url,
      async (c) =>
        (
          await c.query(
            `SELECT COUNT(*)::int AS n,
                    COUNT(*) FILTER (WHERE id <> 'ua-' || to_char(activity_date, 'YYYY-MM-DD') || '-' || user_email)::int AS bad_keys,
                    COUNT(*) FILTER (WHERE loaded_at <> (activity_date::timestamp + interval '26 hours 15 minutes') AT TIME ZONE 'UTC')::int AS off_hour,
                    MAX(loaded_at) AS last
             FROM user_aggregated_activity`,
          )
        ).rows,
    )
    expect(rollup.n).toBeGreaterThan(50)
    expect(rollup).toMatchObject({ bad_keys: 0, off_hour: 0 })
    expect(rollup.last.getTime()).toBeLessThanOrEqual(NOW.getTime())
    // Rollups come with the seed, which ends at the last midnight: the one of the day before it
    // landed at 02:15 that day (the top-up after the midnight adds events, not rollups).
    expect(NOW.getTime() - rollup.last.getTime()).toBeLessThan(2 * 86_400_000)
  })

  it('serves pg-cursor reads over its socket', async () => {
    const ids = await withClient(demo.url, async (client) => {
      const cursor = client.query(
        new Cursor(
          'SELECT event_id FROM enriched_events WHERE account_id = $1 ORDER BY loaded_at, event_id',
          [demo.ownership.accounts[0]?.id],
        ),
      )
      const seen: string[] = []
      for (let rows = await cursor.read(10); rows.length > 0; rows = await cursor.read(10))
        seen.push(...rows.map((r) => r.event_id))
      await cursor.close()
      return seen
    })
    expect(ids.length).toBeGreaterThan(10)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('starts PostgreSQL with a small shared memory, which PGlite zeroes on every start', async () => {
    // PGlite's default (128 MB of buffers) makes a segment of ~140 MB, the demo's earlier 16 MB one of 24 MB.
    const shared = await withClient(demo.url, async (client) => {
      const { rows } = await client.query<{ setting: string; unit: string }>(
        "SELECT setting, unit FROM pg_settings WHERE name = 'shared_memory_size'",
      )
      return rows[0]
    })
    expect(shared?.unit).toBe('MB')
    expect(Number(shared?.setting)).toBeGreaterThan(0)
    expect(Number(shared?.setting)).toBeLessThanOrEqual(8)
  })

  it("skips the session's warm-up, which only a real backend's allocator needs", async () => {
    const { rows } = await withClient(demo.url, (client) => client.query(BACKEND_WARM_UP))
    expect(rows).toEqual([{ warmed: null }])
  })

  it('appends a few live events that land by now, once per period', async () => {
    const added = await demo.appendLiveEvents(minutesLater(3))
    expect(added).toBeGreaterThan(0)
    expect(added).toBeLessThan(30)
    expect(await demo.appendLiveEvents(minutesLater(3))).toBe(0)
    const [latest] = await withClient(
      demo.url,
      async (c) => (await c.query('SELECT MAX(loaded_at) AS t FROM enriched_events')).rows,
    )
    expect(latest.t.getTime()).toBeGreaterThan(NOW.getTime())
    expect(latest.t.getTime()).toBeLessThanOrEqual(minutesLater(3).getTime())
  })

  it('holds a live append back while a poll reads with a cursor, without breaking the cursor', async () => {
    await withClient(demo.url, async (client) => {
      const cursor = client.query(
        new Cursor('SELECT event_id FROM enriched_events ORDER BY loaded_at, event_id'),
      )
      const first = await cursor.read(100)
      const append = demo.appendLiveEvents(minutesLater(6))
      await new Promise((resolve) => setTimeout(resolve, 100))
      let read = first.length
      for (let rows = await cursor.read(500); rows.length > 0; rows = await cursor.read(500))
        read += rows.length
      await cursor.close()
      expect(read).toBeGreaterThan(3000)
      expect(await append).toBeGreaterThan(0)
    })
  })

  it('serves two clients side by side, by whole exchanges, and refuses a third', async () => {
    const read = (client: pg.Client, account: string | undefined) =>
      (async () => {
        await client.query('BEGIN READ ONLY')
        const cursor = client.query(
          new Cursor(
            'SELECT event_id FROM enriched_events WHERE account_id = $1 ORDER BY loaded_at, event_id',
            [account],
          ),
        )
        const seen: string[] = []
        for (let rows = await cursor.read(7); rows.length > 0; rows = await cursor.read(7))
          seen.push(...rows.map((r) => r.event_id))
        await cursor.close()
        await client.query('COMMIT')
        return seen
      })()
    // Statements of the extended protocol, each a Parse, Bind, Execute and Sync of its own, one
    // after the other on each client (pg sends a client's next query only when the last is answered
    // anyway), the two clients' at the same time. Two different texts: bound to the other client's
    // unnamed statement, an answer changes case.
    const echoes = async (client: pg.Client, tag: 'a' | 'b') => {
      const text = tag === 'a' ? 'SELECT lower($1::text) AS echo' : 'SELECT upper($1::text) AS echo'
      const answers: pg.QueryResult[] = []
      for (let i = 0; i < 40; i++) answers.push(await client.query(text, [`${tag}${i}`]))
      const expected = Array.from({ length: 40 }, (_, i) => (tag === 'a' ? `a${i}` : `B${i}`))
      expect(answers.map((r) => r.rows[0].echo)).toEqual(expected)
    }
    const accounts = demo.ownership.accounts.map((a) => a.id)
    const alone = await withClient(demo.url, (c) => read(c, accounts[1]))
    const [first, second] = await withClient(demo.url, (a) =>
      withClient(demo.url, async (b) => {
        // Each client's unnamed statements and portals would clash if their messages interleaved.
        await expect(withClient(demo.url, (c) => c.query('SELECT 1'))).rejects.toThrow()
        return Promise.all([read(a, accounts[0]), read(b, accounts[1]), echoes(a, 'a'), echoes(b, 'b')])
      }),
    )
    expect(first?.length).toBeGreaterThan(10)
    expect(second).toEqual(alone)
  })

  it('refuses a second open of the same directory', async () => {
    await expect(openDemoWarehouse({ dataDir, now: NOW })).rejects.toThrow(/in use by process/)
  })

  it('reopens and tops up the period it was closed, from where it stopped', async () => {
    await demo.close()
    const before = await countEvents(dataDir)
    const started = performance.now()
    demo = await openDemoWarehouse({ dataDir, now: minutesLater(24 * 60) })
    const reopenMs = performance.now() - started
    console.info(
      `demo warehouse reopen + 1 day top-up: ${Math.round(reopenMs)} ms, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
    )
    const [after] = await withClient(
      demo.url,
      async (c) =>
        (await c.query('SELECT COUNT(*)::int AS n, MAX(loaded_at) AS last FROM enriched_events')).rows,
    )
    // A day at the everyday rate (~600 events), some of them committed just before the mark.
    expect(after.n - before).toBeGreaterThan(400)
    expect(after.n - before).toBeLessThan(900)
    expect(after.last.getTime()).toBeGreaterThan(minutesLater(23 * 60).getTime())
  })

  it("runs the warehouse's SQL on a reopen only when it changed since the demo was made", async () => {
    const indexExists = () =>
      withClient(demo.url, async (c) => {
        const { rows } = await c.query(
          "SELECT to_regclass('webserver_events_account') IS NOT NULL AS present",
        )
        return rows[0].present as boolean
      })
    const later = minutesLater(24 * 60)
    await demo.close()
    await onDataDir(dataDir, 'DROP INDEX webserver_events_account')
    demo = await openDemoWarehouse({ dataDir, now: later })
    // Same SQL as when it was made: nothing ran, so the dropped index is still missing.
    expect(await indexExists()).toBe(false)

    await demo.close()
    await onDataDir(dataDir, "UPDATE moments_demo_schema SET fingerprint = 'an older version'")
    demo = await openDemoWarehouse({ dataDir, now: later })
    expect(await indexExists()).toBe(true)
  })

  it('seeds the same data from the same clock', async () => {
    const twinDir = join(root, 'twin')
    // An initialised but unseeded directory (as after a crash right after initdb) skips initdb.
    cpSync(inject('pg').pgliteTemplateDir, twinDir, { recursive: true })
    const twin = await openDemoWarehouse({ dataDir: twinDir, now: NOW })
    const fingerprint = (url: string) =>
      withClient(url, async (c) => {
        const { rows } = await c.query(
          `SELECT md5(string_agg(event_id || coalesce(account_id, '-') || loaded_at::text, ',' ORDER BY event_id)) AS f
           FROM enriched_events WHERE loaded_at <= $1`,
          [NOW],
        )
        return rows[0].f
      })
    try {
      expect(await fingerprint(twin.url)).toBe(await fingerprint(demo.url))
      expect(twin.ownership).toEqual(seededOwnership)
    } finally {
      await twin.close()
    }
    expect(existsSync(`${twinDir}.lock`)).toBe(false)
  })
})

async function countEvents(dataDir: string): Promise<number> {
  const { PGlite } = await import('@electric-sql/pglite')
  const db = await PGlite.create({ dataDir })
  try {
    const { rows } = await db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM enriched_events')
    return rows[0]?.n ?? 0
  } finally {
    await db.close()
  }
}

async function onDataDir(dataDir: string, statement: string): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite')
  const db = await PGlite.create({ dataDir })
  try {
    await db.query(statement)
  } finally {
    await db.close()
  }
}
