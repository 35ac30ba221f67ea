import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accountsSoql, checkOwnerFields, checkUserId } from '../../main/core/ownership/soql.ts'
import { buildReadQuery } from '../../main/core/warehouse/readQuery.ts'
import { postgresDialect } from '../../main/core/warehouse/sources/postgres/postgresDialect.ts'
import { redshiftDialect } from '../../main/core/warehouse/sources/redshift/redshiftDialect.ts'
import { CONTROL_BUT_TAB_AND_NEWLINE } from '../../shared/controlCharacters.ts'
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts'
import { runCli } from '../support/runCli.ts'
import { SalesforceStandIn } from '../support/salesforceStandIn.ts'
import { accountsOwnedBy, salesforceId, standInUser } from '../support/standInBook.ts'

// SQL in what reaches a query. `warehouse.query` is SQL by design: the user's own query, run with
// the user's own warehouse credentials (give Moments a read-only user). Everything else that
// reaches SQL — the cursor (event ids and load times from the warehouse), the owned account ids
// (from Salesforce), history filters — is a bound parameter; what reaches SOQL (owner fields,
// user Id) is checked first, as there SOQL has no parameters (refusals: badConfigs.test.ts).

const me = standInUser(1, 'Ada Manager')
const [acme] = accountsOwnedBy(1, { OwnerId: me })
const NOT_MINE = salesforceId('001', 9)
// An account "Id" as a compromised or buggy Salesforce could send it.
const HOSTILE_ACCOUNT = `${acme?.id}' OR account_id IS NOT NULL OR '1'='1`

let db: TestDatabase
let client: pg.Client
let salesforce: SalesforceStandIn
let dir: string
let env: Record<string, string>

beforeAll(async () => {
  db = await createTestDatabase('config_sql')
  client = new pg.Client({ connectionString: db.url })
  await client.connect()
  await client.query(`CREATE TABLE events (
    event_id text, loaded_at timestamptz, occurred_at timestamptz, source text, event_type text,
    account_id text, account_name text, is_response_ok boolean)`)
  salesforce = new SalesforceStandIn({
    currentUser: me,
    accounts: [
      ...(acme ? [acme] : []),
      { id: HOSTILE_ACCOUNT, name: 'Hostile', people: { OwnerId: me } },
      { id: NOT_MINE, name: 'Not mine', people: { OwnerId: standInUser(2, 'Bob Other') } },
    ],
  })
  await salesforce.start()
  dir = mkdtempSync(join(tmpdir(), 'moments-config-sql-'))
  writeFileSync(
    join(dir, 'rules.yaml'),
    'rules:\n  - id: every-event\n    name: Event\n    when: "true"\n    message: "{{event_id}}"\n',
  )
  env = {
    TEST_SF_TOKEN: salesforce.accessToken,
    MOMENTS_DATA_DIR: join(dir, 'data'),
    MOMENTS_CONFIG_DIR: dir,
  }
})

afterAll(async () => {
  await client?.end()
  await salesforce?.close()
  await db?.drop()
})

function config(name: string, query: string): string {
  const path = join(dir, `${name}.yaml`)
  writeFileSync(
    path,
    `warehouse:
  url: ${db.url}
  query: ${JSON.stringify(query)}
  backfill: 1h
salesforce:
  instanceUrl: ${salesforce.url}
  accessToken: env:TEST_SF_TOKEN
rules: ./rules.yaml
state: ./${name}.db
`,
  )
  return path
}

async function insert(id: string, account: string, secondsAgo: number): Promise<void> {
  await client.query(
    `INSERT INTO events VALUES ($1, now() - make_interval(secs => $3), now() - make_interval(secs => $3),
       'webserver', 'add_input', $2, 'Acme', false)`,
    [id, account, secondsAgo],
  )
}

describe('values that reach the warehouse SQL', () => {
  it('keeps a hostile account Id from Salesforce and quote-laden event ids as parameters', async () => {
    await insert("ev-1' OR '1'='1", acme?.id as string, 50)
    await insert('ev-not-mine', NOT_MINE, 40)
    await insert('ev-2"; DROP TABLE events; --', acme?.id as string, 30)
    const path = config('params', 'SELECT * FROM events')
    const first = await runCli(['run', '--once', '--json', '--config', path], env)
    expect(first.code, first.stderr).toBe(0)
    // Only the owned account's rows: the hostile "Id" matched nothing and widened nothing.
    expect(
      first
        .json()
        .map((m) => (m.event_ids as string[])[0])
        .sort(),
    ).toEqual(["ev-1' OR '1'='1", 'ev-2"; DROP TABLE events; --'])
    // The cursor (a quote-laden id) goes back as a parameter: the next poll reads only what is new.
    await insert("ev-3' --", acme?.id as string, 5)
    const next = await runCli(['run', '--once', '--json', '--config', path], env)
    expect(next.json().map((m) => (m.event_ids as string[])[0])).toEqual(["ev-3' --"])
    const { rows } = await client.query('SELECT count(*)::int AS n FROM events')
    expect(rows[0].n).toBe(4)
  })

  it.each([
    ['PostgreSQL', postgresDialect],
    ['Redshift', redshiftDialect],
  ])('binds every value of the poll query on %s: none of them appears in its text', (_, dialect) => {
    const query = buildReadQuery(
      'SELECT * FROM events',
      { order: 'loaded_at', from: { at: "2026-01-01' OR 1=1 --", eventId: "x' OR '1'='1" } },
      { ids: [HOSTILE_ACCOUNT], clause: dialect.ownership },
      1_000,
    )
    for (const value of query.values.flat()) expect(query.text).not.toContain(value)
    expect(query.text).not.toContain("'")
  })

  it('runs warehouse.query as one statement inside the poll: a second one is a syntax error, not run', async () => {
    const path = config('two_statements', 'SELECT * FROM events; DROP TABLE events')
    const result = await runCli(['run', '--once', '--config', path], env)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/cannot poll .*syntax error/)
    const { rows } = await client.query("SELECT to_regclass('events') IS NOT NULL AS present")
    expect(rows[0].present).toBe(true)
  })
})

describe("a server's words on the terminal", () => {
  it('shows the control characters of an error it quotes escaped, never raw', async () => {
    // PostgreSQL quotes the unknown relation's name back: an escape sequence that would retitle
    // the terminal and clear the screen.
    const hostile = 'evil\u001b]0;owned\u0007\u001b[2J'
    const path = config('hostile_error', `SELECT * FROM "${hostile}"`)
    const result = await runCli(['run', '--once', '--config', path], env)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/cannot poll .*evil\\u001b\]0;owned\\u0007\\u001b\[2J/)
    expect(result.stderr).not.toMatch(new RegExp(CONTROL_BUT_TAB_AND_NEWLINE.source))
  })
})

describe('values that reach SOQL', () => {
  it('checks owner fields and the user Id before they are spliced into the accounts query', () => {
    expect(() => checkUserId("005' OR Name != '")).toThrow(/is not a Salesforce Id/)
    expect(() => checkOwnerFields(["OwnerId = '' OR Id != ''"])).toThrow(/is not a lookup field API name/)
    const soql = accountsSoql(checkOwnerFields(['OwnerId', 'Solutions_Engineer__c']), checkUserId(me.id))
    expect(soql).toBe(
      `SELECT Id, Name, OwnerId, Owner.Name, Owner.Email, Solutions_Engineer__c, Solutions_Engineer__r.Name, Solutions_Engineer__r.Email FROM Account WHERE OwnerId = '${me.id}' OR Solutions_Engineer__c = '${me.id}'`,
    )
  })
})
