import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { DEMO_OWNER, loadSyntheticData } from '../../warehouse/synthetic/index.ts'
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts'
import { RedshiftStandIn } from '../support/redshiftStandIn/redshiftStandIn.ts'
import { runCli } from '../support/runCli.ts'
import { SalesforceStandIn } from '../support/salesforceStandIn.ts'
import { standInUser } from '../support/standInBook.ts'

// `moments doctor`, `backtest` and `run` as a user runs them, on a redshift:// URL to the Redshift
// stand-in, next to the same commands on a postgres:// URL to the same database: the same output.

vi.setConfig({ testTimeout: 120_000 })

const me = standInUser(1, 'Ada Manager')
const NOW = Date.now()

let db: TestDatabase
let redshift: RedshiftStandIn
let salesforce: SalesforceStandIn
let dir: string
let env: Record<string, string>

beforeAll(async () => {
  db = await createTestDatabase('redshift_cli')
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  const data = await loadSyntheticData(client, {
    seed: 5,
    accounts: 10,
    events: 2_500,
    days: 4,
    end: new Date(NOW),
  })
  await client.end()
  salesforce = new SalesforceStandIn({
    currentUser: me,
    accounts: data.accounts
      .filter((a) => a.ownerId === DEMO_OWNER.id)
      .map((a) => ({ id: a.id, name: a.name, people: { OwnerId: me } })),
  })
  const { url } = await salesforce.start()
  const server = inject('pg')
  redshift = new RedshiftStandIn({ upstream: { host: server.host, port: server.port } })
  await redshift.start()
  dir = mkdtempSync(join(tmpdir(), 'moments-redshift-cli-'))
  const urls = { postgres: db.url, redshift: redshift.url(new URL(db.url).pathname.slice(1)) }
  for (const [engine, warehouseUrl] of Object.entries(urls)) {
    writeFileSync(
      join(dir, `${engine}.yaml`),
      `warehouse:
  url: ${warehouseUrl}
  backfill: 5d
salesforce:
  instanceUrl: ${url}
  accessToken: env:TEST_SF_TOKEN
state: ./${engine}.db
`,
    )
  }
  env = {
    TEST_SF_TOKEN: salesforce.accessToken,
    MOMENTS_DATA_DIR: join(dir, 'data'),
    MOMENTS_CONFIG_DIR: dir,
  }
})

afterAll(async () => {
  await salesforce?.close()
  await redshift?.close()
  await db?.drop()
})

const cli = (engine: 'postgres' | 'redshift', ...args: string[]) =>
  runCli([...args, '--config', join(dir, `${engine}.yaml`)], env)

describe('the CLI on Redshift (the stand-in) and on PostgreSQL, same database', () => {
  it('doctor: both check out, each naming its engine', async () => {
    const [postgres, redshiftDoctor] = [await cli('postgres', 'doctor'), await cli('redshift', 'doctor')]
    expect(postgres.code, postgres.stdout + postgres.stderr).toBe(0)
    expect(redshiftDoctor.code, redshiftDoctor.stdout + redshiftDoctor.stderr).toBe(0)
    expect(postgres.stdout).toMatch(
      /✓ warehouse +postgres:\/\/.*\(PostgreSQL 15[.\d]*\): the query returns the contract columns/,
    )
    expect(redshiftDoctor.stdout).toMatch(
      /✓ warehouse +redshift:\/\/.*\(Redshift\): the query returns the contract columns/,
    )
  })

  it('backtest: the same figures per rule', async () => {
    const postgres = await cli('postgres', 'backtest', '--since', '3d', '--warmup', '1d', '--json')
    const redshiftBacktest = await cli('redshift', 'backtest', '--since', '3d', '--warmup', '1d', '--json')
    expect(postgres.code, postgres.stderr).toBe(0)
    expect(redshiftBacktest.code, redshiftBacktest.stderr).toBe(0)
    expect(postgres.json().reduce((n, r) => n + Number(r.matches), 0)).toBeGreaterThan(0)
    expect(redshiftBacktest.json()).toEqual(postgres.json())
  })

  it('run --once: the same moments', async () => {
    const postgres = await cli('postgres', 'run', '--once', '--json')
    const redshiftRun = await cli('redshift', 'run', '--once', '--json')
    expect(postgres.code, postgres.stderr).toBe(0)
    expect(redshiftRun.code, redshiftRun.stderr).toBe(0)
    const byId = (lines: Record<string, unknown>[]) =>
      [...lines].sort((a, b) => String(a.id).localeCompare(String(b.id)))
    expect(postgres.json().length).toBeGreaterThan(20)
    expect(byId(redshiftRun.json())).toEqual(byId(postgres.json()))
    expect(redshift.refusals).toEqual([])
  })
})
