import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts'
import { RedshiftStandIn } from '../support/redshiftStandIn/redshiftStandIn.ts'
import { runCli } from '../support/runCli.ts'
import { SalesforceStandIn } from '../support/salesforceStandIn.ts'
import { salesforceId, standInUser } from '../support/standInBook.ts'

// Each test runs the CLI as child processes, several times: on a busy 2-core CI machine that
// can take longer than the default 30 s. The child processes have their own kill timers.
vi.setConfig({ testTimeout: 120_000 })

// `moments run --once --json` end to end: a real PostgreSQL, read directly and through the Redshift
// stand-in (Redshift's limits in front of it), the real jsforce client against the Salesforce
// stand-in, a real config file, the CLI as a child process.

const me = standInUser(1, 'Ada Manager')
const someoneElse = standInUser(2, 'Bob Other')
const A1 = salesforceId('001', 1)
const A2 = salesforceId('001', 2)
const A3 = salesforceId('001', 3) // third owned account: on Salesforce's second page (page size 2)
const B1 = salesforceId('001', 9)

const RULES = `
rules:
  - id: code-engine-test
    name: Tested code in the Code Engine
    when: event.method == "POST" && event.url == "/transform/functions/run"
    message: "{{user_name}} tested code in the Code Engine in account {{account_name}}"
    snooze: 4h
  - id: input-add-failed
    name: Failed to add an input
    when: event.event_type == "add_input" && !event.is_response_ok
    message: "{{user_name}} failed to add input {{input_name}} in account {{account_name}}"
    severity: high
`

let db: TestDatabase
let client: pg.Client
let standIn: SalesforceStandIn
let redshift: RedshiftStandIn
let dir: string
let env: Record<string, string>

/** The same suite on each: its own table, config and state file. */
const ENGINES = [
  ['PostgreSQL', 'pg', () => db.url],
  ['Redshift (stand-in)', 'redshift', () => redshift.url(new URL(db.url).pathname.slice(1))],
] as const

async function insert(table: string, rows: Array<Record<string, unknown>>): Promise<void> {
  for (const r of rows) {
    await client.query(
      `INSERT INTO ${table} (event_id, loaded_at, occurred_at, source, event_type, account_id, account_name,
         user_name, method, url, is_response_ok, input_name)
       VALUES ($1, now() - make_interval(secs => $2), now() - make_interval(secs => $3), $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        r.id,
        r.loadedAgoS ?? 600,
        r.occurredAgoS ?? 660,
        r.source ?? 'webserver',
        r.type ?? 'code_engine_run',
        r.account === undefined ? A1 : r.account,
        r.accountName ?? 'Acme Corp',
        r.user ?? 'Jo',
        r.method ?? 'POST',
        r.url ?? '/transform/functions/run',
        r.ok ?? true,
        r.input ?? null,
      ],
    )
  }
}

beforeAll(async () => {
  db = await createTestDatabase('cli_run_once')
  client = new pg.Client({ connectionString: db.url })
  await client.connect()
  for (const [, engine] of ENGINES) {
    await client.query(`CREATE TABLE test_events_${engine} (
      event_id text, loaded_at timestamptz, occurred_at timestamptz, source text, event_type text,
      account_id text, account_name text, user_name text, method text, url text, is_response_ok boolean,
      input_name text)`)
  }
  const server = inject('pg')
  redshift = new RedshiftStandIn({ upstream: { host: server.host, port: server.port } })
  await redshift.start()
  standIn = new SalesforceStandIn({
    currentUser: me,
    pageSize: 2,
    accounts: [
      { id: A1, name: 'Acme Corp', people: { OwnerId: me } },
      { id: B1, name: 'Not Mine Ltd', people: { OwnerId: someoneElse } },
      { id: A2, name: 'Globex', people: { OwnerId: me } },
      { id: A3, name: 'Initech', people: { OwnerId: me } },
    ],
  })
  const { url } = await standIn.start()
  dir = mkdtempSync(join(tmpdir(), 'moments-cli-'))
  writeFileSync(join(dir, 'rules.yaml'), RULES)
  for (const [, engine, warehouseUrl] of ENGINES) {
    writeFileSync(
      join(dir, `moments-${engine}.yaml`),
      `warehouse:
  url: ${warehouseUrl()}
  query: SELECT * FROM test_events_${engine}
  lookback: 2m
  backfill: 30d
salesforce:
  instanceUrl: ${url}
  accessToken: env:TEST_SF_TOKEN
rules: ./rules.yaml
state: ./state-${engine}.db
`,
    )
  }
  env = { TEST_SF_TOKEN: standIn.accessToken, MOMENTS_DATA_DIR: join(dir, 'data'), MOMENTS_CONFIG_DIR: dir }
})

afterAll(async () => {
  await client?.end()
  await standIn?.close()
  await redshift?.close()
  await db?.drop()
})

describe.each(ENGINES)('moments run --once --json on %s', (_, engine) => {
  const configPath = () => join(dir, `moments-${engine}.yaml`)
  const run = () => runCli(['run', '--once', '--json', '--config', configPath()], env)
  const table = `test_events_${engine}`

  it('prints one JSON object per moment of an owned account, and nothing else on stdout', async () => {
    await insert(table, [
      { id: 'ev-a1', account: A1, loadedAgoS: 900, occurredAgoS: 960 },
      { id: 'ev-a1', account: A1, loadedAgoS: 900, occurredAgoS: 960 }, // the same row twice
      {
        id: 'ev-a3',
        account: A3,
        accountName: 'Initech',
        type: 'add_input',
        url: '/plumbing/inputs',
        ok: false,
        input: 'MySQL',
      },
      { id: 'ev-b1', account: B1, accountName: 'Not Mine Ltd' },
      { id: 'ev-null', account: null },
      {
        id: 'ev-big',
        account: A2,
        accountName: 'Globex',
        type: 'add_input',
        url: '/plumbing/inputs',
        ok: false,
        input: 'x'.repeat(100_000),
      },
    ])
    const result = await run()
    expect(result.stderr).not.toContain(standIn.accessToken)
    expect(result.code, result.stderr).toBe(0)
    const lines = result.json()
    const byEvent = Object.fromEntries(lines.map((l) => [(l.event_ids as string[])[0], l]))
    expect(Object.keys(byEvent).sort()).toEqual(['ev-a1', 'ev-a3', 'ev-big'])
    expect(byEvent['ev-a1']).toEqual({
      id: expect.any(String),
      rule: 'code-engine-test',
      account_id: A1,
      account_name: 'Acme Corp',
      severity: 'normal',
      title: 'Tested code in the Code Engine — Acme Corp',
      body: 'Jo tested code in the Code Engine in account Acme Corp',
      event_ids: ['ev-a1'],
      occurred_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      status: 'delivered',
      folded: 0,
      actions: [],
      // The default account fields, as the stand-in org has them (no Type set: null)
      account: { Name: 'Acme Corp', Type: null, Industry: null, AnnualRevenue: null },
      thread_of: null,
    })
    expect(byEvent['ev-a3']).toMatchObject({
      rule: 'input-add-failed',
      severity: 'high',
      account_name: 'Initech',
    })
    expect(String(byEvent['ev-big']?.body).length).toBeGreaterThan(100_000)
    // Salesforce was paged: the owned account on the second page counted.
    expect(standIn.requests.filter((r) => r.kind === 'queryMore').length).toBeGreaterThan(0)
  })

  it('after a restart, prints only what is new: a late row within the lookback, and a snoozed repeat', async () => {
    await insert(table, [
      {
        // Stamped 90 s ago, committed now: after the last run's read had begun (seconds ago), within
        // the lookback before it. The cursor is on the warehouse's clock at that read, not on its
        // last row (ten minutes back), so being late is measured from the read.
        id: 'ev-late',
        account: A3,
        accountName: 'Initech',
        type: 'add_input',
        url: '/plumbing/inputs',
        ok: false,
        loadedAgoS: 90,
        occurredAgoS: 700,
      },
      {
        id: 'ev-too-late',
        account: A3,
        accountName: 'Initech',
        type: 'add_input',
        url: '/plumbing/inputs',
        ok: false,
        loadedAgoS: 1200,
        occurredAgoS: 1300,
      },
      { id: 'ev-a1-again', account: A1, loadedAgoS: 60, occurredAgoS: 70 },
    ])
    const result = await run()
    expect(result.code, result.stderr).toBe(0)
    const lines = result.json()
    expect(lines.map((l) => [(l.event_ids as string[])[0], l.status])).toEqual([
      ['ev-late', 'delivered'],
      ['ev-a1-again', 'snoozed'],
    ])
    // The repeat names the delivered moment of the run before, whose window it fell in.
    expect(lines[1]?.thread_of).toEqual(expect.any(String))
    expect(lines[0]?.thread_of).toBeNull()
  })

  it('prints nothing when nothing is new', async () => {
    const result = await run()
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toBe('')
  })

  it('lists every moment, snoozed ones too, in history --json', async () => {
    const result = await runCli(['history', '--json', '--config', configPath()], env)
    expect(result.code, result.stderr).toBe(0)
    expect(result.json().map((l) => [(l.event_ids as string[])[0], l.status])).toEqual(
      expect.arrayContaining([
        ['ev-a1-again', 'snoozed'],
        ['ev-late', 'delivered'],
        ['ev-a1', 'delivered'],
      ]),
    )
    const byEvent = Object.fromEntries(result.json().map((l) => [(l.event_ids as string[])[0], l]))
    expect(byEvent['ev-a1-again']?.thread_of).toBe(byEvent['ev-a1']?.id)
    expect(byEvent['ev-a1']?.thread_of).toBeNull()
    expect(result.json()).toHaveLength(5)
    const search = await runCli(['history', '--json', '--search', 'MySQL', '--config', configPath()], env)
    expect(search.json().map((l) => (l.event_ids as string[])[0])).toEqual(['ev-a3'])
  })

  it('read everything within Redshift’s limits', () => {
    if (engine === 'redshift') {
      expect(redshift.refusals).toEqual([])
      expect(redshift.fetches.length).toBeGreaterThan(0)
    }
  })
})

describe('exit codes', () => {
  it('exits 2 naming the key of a bad config', async () => {
    const bad = join(dir, 'bad.yaml')
    writeFileSync(bad, 'warehouse:\n  url: postgres://x/y\n  pollInterval: 15 seconds\n  lookbak: 2m\n')
    const result = await runCli(['run', '--once', '--config', bad], env)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/warehouse\.pollInterval: "15 seconds" is not a duration/)
    expect(result.stderr).toMatch(/warehouse\.lookbak: unknown key/)
    expect(result.stderr).not.toMatch(/\n\s+at /) // no stack trace
  })

  it('exits 2 on a usage error', async () => {
    expect((await runCli(['run', '--nope'], env)).code).toBe(2)
    expect((await runCli(['frobnicate'], env)).code).toBe(2)
  })

  it('exits 1 with the reason when the warehouse cannot be reached', async () => {
    const unreachable = join(dir, 'unreachable.yaml')
    writeFileSync(
      unreachable,
      readFileSync(join(dir, 'moments-pg.yaml'), 'utf8')
        .replace(db.url, 'postgres://nobody:secret-password@127.0.0.1:1/none')
        .replace('state: ./state-pg.db', 'state: ./unreachable.db'),
    )
    const result = await runCli(['run', '--once', '--config', unreachable], env)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /moments: cannot poll postgres:\/\/nobody@127\.0\.0\.1:1\/none: .*ECONNREFUSED/,
    )
    expect(result.stderr).not.toContain('secret-password')
  })

  it('exits 1 with "Salesforce session expired" on a 401 and no cache', async () => {
    const expired = join(dir, 'expired.yaml')
    writeFileSync(
      expired,
      readFileSync(join(dir, 'moments-pg.yaml'), 'utf8').replace(
        'state: ./state-pg.db',
        'state: ./expired.db',
      ),
    )
    const result = await runCli(['run', '--once', '--config', expired], {
      ...env,
      TEST_SF_TOKEN: 'not-the-token',
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/Salesforce session expired/)
    expect(result.stderr).not.toContain('not-the-token')
  })
})
