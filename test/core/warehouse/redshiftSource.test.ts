import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { runBacktest } from '../../../main/core/backtest/backtest.ts'
import type { OwnedAccount } from '../../../main/core/ownership/ownedAccount.ts'
import { ownershipCache } from '../../../main/core/ownership/ownershipCache.ts'
import { createPoller } from '../../../main/core/pipeline/poller.ts'
import { loadRules } from '../../../main/core/rules/loadRules.ts'
import type { EventSource } from '../../../main/core/warehouse/eventSource.ts'
import { probeSource } from '../../../main/core/warehouse/probeWarehouse.ts'
import { openEventSource } from '../../../main/core/warehouse/sourceRegistry.ts'
import { DEMO_OWNER, loadSyntheticData } from '../../../warehouse/synthetic/index.ts'
import { memoryStore, silentLog } from '../../support/pipelineFixtures.ts'
import { createTestDatabase, type TestDatabase } from '../../support/postgres.ts'
import '../../support/providedContext.ts'
import { RedshiftStandIn } from '../../support/redshiftStandIn/redshiftStandIn.ts'

// Moments' Redshift source against the stand-in (Redshift's limits in front of the tests'
// PostgreSQL), next to the PostgreSQL source reading the same database directly: the same
// moments, and not one refusal from the stand-in.

const END = new Date('2026-11-20T12:00:00Z')
const DAY = 86_400_000
const QUERY = 'SELECT * FROM enriched_events'
const rules = loadRules({ kind: 'default' })

let database: TestDatabase
let standIn: RedshiftStandIn
let owned: OwnedAccount[]
let name: string

beforeAll(async () => {
  database = await createTestDatabase('redshift_source')
  name = new URL(database.url).pathname.slice(1)
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  const data = await loadSyntheticData(client, { seed: 21, accounts: 12, events: 4_000, days: 5, end: END })
  await client.end()
  owned = data.accounts
    .filter((a) => a.ownerId === DEMO_OWNER.id)
    .map((a) => ({ id: a.id, name: a.name, people: [] }))
  const server = inject('pg')
  standIn = new RedshiftStandIn({
    upstream: { host: server.host, port: server.port },
    sha256Users: ['sha_user'],
  })
  await standIn.start()
})

afterAll(async () => {
  await standIn?.close()
  await database?.drop()
})

const source = (url: string, query = QUERY): EventSource =>
  openEventSource({ url, query, statementTimeoutMs: 30_000 })

/** Every moment a first poll over the data records, in a fresh store. */
async function pollOnce(events: EventSource, accounts: readonly OwnedAccount[] = owned) {
  const store = memoryStore()
  const poller = createPoller({
    store,
    rules,
    ownership: ownershipCache({
      store,
      source: { id: 'test', fetch: async () => ({ userId: DEMO_OWNER.id, accounts: [...accounts] }) },
      refreshMs: DAY,
      log: silentLog,
    }),
    source: events,
    lookbackMs: 120_000,
    backfillMs: 6 * DAY,
    forwardTo: [],
    clock: () => END.getTime() + 60_000,
    log: silentLog,
  })
  try {
    const report = await poller.poll()
    const moments = store.moments
      .list({}, { limit: 100_000 })
      .map((m) => `${m.id} ${m.status} ${m.eventIds.join(',')}`)
      .sort()
    return { report, moments }
  } finally {
    await poller.close()
  }
}

function expectNoRefusals() {
  expect(standIn.refusals).toEqual([])
  expect(standIn.fetches.every((f) => f.rows <= 1_000 && (f.rows === 0 || f.inTransaction))).toBe(true)
}

describe('the Redshift source, through the stand-in', () => {
  it('polls the same moments as the PostgreSQL source reads directly', async () => {
    const direct = await pollOnce(source(database.url))
    const redshift = await pollOnce(source(standIn.url(name)))
    expect(direct.report.rows).toBeGreaterThan(1_500)
    expect(direct.moments.length).toBeGreaterThan(200)
    expect(redshift.moments).toEqual(direct.moments)
    expect(redshift.report).toMatchObject({ rows: direct.report.rows, delivered: direct.report.delivered })
    // Fetched by the thousand, inside transactions.
    expect(standIn.fetches.filter((f) => f.rows === 1_000).length).toBeGreaterThan(0)
    expect(standIn.statements).toContain('BEGIN READ ONLY')
    expectNoRefusals()
  })

  it('replays the same backtest', async () => {
    const backtest = async (events: EventSource) => {
      try {
        return await runBacktest({
          source: events,
          ruleSets: [{ label: 'default', rules }],
          accounts: owned,
          since: new Date(END.getTime() - 3 * DAY),
          until: END,
          warmupMs: DAY,
        })
      } finally {
        await events.close()
      }
    }
    const direct = await backtest(source(database.url))
    expect(direct[0]?.totals.matches).toBeGreaterThan(0)
    expect(await backtest(source(standIn.url(name)))).toEqual(direct)
    expectNoRefusals()
  })

  it('reads more accounts than Redshift can bind (32,767 parameters), filtering them itself', async () => {
    // 17,000 more owned accounts: 34,000+ id forms, past what one statement can carry.
    const many = [
      ...owned,
      ...Array.from({ length: 17_000 }, (_, i) => ({
        id: `001${String(i).padStart(12, '0')}AAA`,
        name: `Other ${i}`,
        people: [],
      })),
    ]
    const direct = await pollOnce(source(database.url), many)
    const redshift = await pollOnce(source(standIn.url(name)), many)
    expect(redshift.moments).toEqual(direct.moments)
    expect(redshift.moments).toEqual((await pollOnce(source(database.url))).moments)
    expectNoRefusals()
  })

  it('recognises Redshift behind a postgres:// URL, by its server_version', async () => {
    const events = source(`postgres://postgres@127.0.0.1:${standIn.port}/${name}`)
    const probe = await probeSource(events)
    expect(probe).toMatchObject({ ok: true })
    expect(probe.detail).toContain('(Redshift)')
    // PostgreSQL's dialect binds the accounts as an array, which the stand-in would refuse.
    const polled = await pollOnce(events)
    expect(polled.moments).toEqual((await pollOnce(source(database.url))).moments)
    expectNoRefusals()
  })

  it('reads ISO timestamps for a user whose DateStyle is another, on either engine', async () => {
    const role = `moments_dmy_${name.slice(-8)}`
    const client = new pg.Client({ connectionString: database.url })
    await client.connect()
    await client.query(`CREATE ROLE ${role} LOGIN`)
    await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`)
    await client.query(`ALTER ROLE ${role} SET datestyle = 'Postgres, DMY'`)
    const sample = new pg.Client({ connectionString: database.url.replace('postgres@', `${role}@`) })
    await sample.connect()
    const { rows } = await sample.query('SELECT now()::text AS t')
    await sample.end()
    expect(rows[0].t).toMatch(/^[A-Z][a-z]{2} /) // what a session of this role prints by itself
    try {
      const expected = (await pollOnce(source(database.url))).moments
      expect((await pollOnce(source(database.url.replace('postgres@', `${role}@`)))).moments).toEqual(
        expected,
      )
      expect((await pollOnce(source(standIn.url(name, role)))).moments).toEqual(expected)
    } finally {
      await client.query(`DROP OWNED BY ${role}`)
      await client.query(`DROP ROLE ${role}`)
      await client.end()
    }
  })

  it('says what to do for a user with a SHA-256 password, instead of crashing', async () => {
    const probe = await probeSource(source(standIn.url(name, 'sha_user')))
    expect(probe.ok).toBe(false)
    expect(probe.detail).toMatch(/SHA-256 password/)
    expect(probe.detail).toMatch(/MD5 password/)
    expect(probe.detail).toMatch(/GetClusterCredentials/)
  })

  it('requires TLS when sslmode says so, and falls back to plain TCP only with prefer', async () => {
    const required = await probeSource(source(standIn.url(name, 'postgres', 'sslmode=require')))
    expect(required).toMatchObject({ ok: false })
    expect(required.detail).toMatch(/does not accept TLS/)
    const preferred = await probeSource(source(standIn.url(name, 'postgres', 'sslmode=prefer')))
    expect(preferred).toMatchObject({ ok: true })
  })

  it.each([
    ['a trailing comment and semicolons', `${QUERY} -- the reference view\n; ; -- done`],
    ['a block comment at the end', `${QUERY} /* the reference view */`],
  ])('takes a warehouse.query with %s', async (_, query) => {
    for (const url of [database.url, standIn.url(name)]) {
      const probe = await probeSource(source(url, query))
      expect(probe, url).toMatchObject({ ok: true })
      expect((await pollOnce(source(url, query))).report.rows).toBeGreaterThan(1_500)
    }
    expectNoRefusals()
  })

  it('never runs a second statement in warehouse.query, on either engine', async () => {
    for (const url of [database.url, standIn.url(name)]) {
      const query = `${QUERY}; DELETE FROM accounts`
      expect((await probeSource(source(url, query))).ok).toBe(false)
      await expect(pollOnce(source(url, query))).rejects.toThrow(/syntax error/)
    }
    const client = new pg.Client({ connectionString: database.url })
    await client.connect()
    const { rows } = await client.query('SELECT count(*)::int AS n FROM accounts')
    await client.end()
    expect(rows[0].n).toBeGreaterThan(0)
  })
})
