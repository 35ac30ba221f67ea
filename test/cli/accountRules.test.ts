import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ConnectProxy } from '../support/connectProxy.ts'
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts'
import { runCli } from '../support/runCli.ts'
import { SalesforceStandIn } from '../support/salesforceStandIn.ts'
import { salesforceId, standInUser } from '../support/standInBook.ts'

vi.setConfig({ testTimeout: 120_000 })

// A rule on account.Type end to end: the CLI as a child process, a real PostgreSQL, the real
// jsforce client against the Salesforce stand-in (describe, then the account fields in the
// ownership query), and what `run --json`, `history --json` and `doctor` say.

const me = standInUser(1, 'Ada Manager')
const TRIAL = salesforceId('001', 1)
const CUSTOMER = salesforceId('001', 2)

const RULES = `
rules:
  - id: trial-pricing
    name: Pricing looked at in a trial
    when: event.url.startsWith("/pricing") && account.Type == "Trial"
    message: "{{user_name}} of {{account_name}} ({{account.Type}}, renews {{account.Renewal_Date__c}}) looked at pricing"
    severity: high
  - id: renewal-soon
    name: Pricing looked at before renewal
    when: event.url.startsWith("/pricing") && account.Type != "Trial" && account.Renewal_Date__c < event.occurred_at + duration("720h")
    message: "{{account_name}} renews {{account.Renewal_Date__c}} ({{account.Owner.Name}})"
`

let db: TestDatabase
let client: pg.Client
let standIn: SalesforceStandIn
let dir: string
let env: Record<string, string>

function config(name: string, accountFields: string): string {
  const path = join(dir, `${name}.yaml`)
  writeFileSync(
    path,
    `warehouse:
  url: ${db.url}
  query: SELECT * FROM events
  backfill: 30d
salesforce:
  instanceUrl: ${standIn.url}
  accessToken: env:TEST_SF_TOKEN
  accountFields: ${accountFields}
rules: ./rules.yaml
state: ./${name}.db
`,
  )
  return path
}

beforeAll(async () => {
  db = await createTestDatabase('cli_account_rules')
  client = new pg.Client({ connectionString: db.url })
  await client.connect()
  await client.query(`CREATE TABLE events (event_id text, loaded_at timestamptz, occurred_at timestamptz,
    source text, event_type text, account_id text, account_name text, user_name text, url text)`)
  const soon = new Date(Date.now() + 10 * 86_400_000)
  standIn = new SalesforceStandIn({
    currentUser: me,
    accountFields: [{ name: 'Renewal_Date__c', label: 'Renewal Date', type: 'date' }],
    accounts: [
      {
        id: TRIAL,
        name: 'Trialco',
        people: { OwnerId: me },
        fields: { Type: 'Trial', Renewal_Date__c: null },
      },
      {
        id: CUSTOMER,
        name: 'Payco',
        people: { OwnerId: me },
        fields: { Type: 'Customer - Direct', Renewal_Date__c: soon },
      },
    ],
  })
  await standIn.start()
  for (const [id, account, name, url] of [
    ['ev-trial', TRIAL, 'Trialco', '/pricing/teams'],
    ['ev-customer', CUSTOMER, 'Payco', '/pricing'],
    ['ev-docs', TRIAL, 'Trialco', '/docs'],
  ] as const) {
    await client.query(
      `INSERT INTO events VALUES ($1, now() - interval '10 minutes', now() - interval '11 minutes',
        'website', 'page_view', $2, $3, 'Jo', $4)`,
      [id, account, name, url],
    )
  }
  dir = mkdtempSync(join(tmpdir(), 'moments-account-'))
  writeFileSync(join(dir, 'rules.yaml'), RULES)
  env = { TEST_SF_TOKEN: standIn.accessToken, MOMENTS_DATA_DIR: join(dir, 'data'), MOMENTS_CONFIG_DIR: dir }
})

afterAll(async () => {
  await client?.end()
  await standIn?.close()
  await db?.drop()
})

describe('rules on account fields, end to end', () => {
  it('run --once --json and history --json: the moments the account fields decide, with the account', async () => {
    const path = config('fields', '[Type, Renewal_Date__c, Owner.Name]')

    const run = await runCli(['run', '--once', '--json', '--config', path], env)
    const history = await runCli(['history', '--json', '--config', path], env)

    expect(run.code, run.stderr).toBe(0)
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10)
    const byRule = Object.fromEntries(run.json().map((line) => [line.rule, line]))
    expect(Object.keys(byRule).sort()).toEqual(['renewal-soon', 'trial-pricing'])
    expect(byRule['trial-pricing']).toMatchObject({
      account_id: TRIAL,
      severity: 'high',
      body: 'Jo of Trialco (Trial, renews ) looked at pricing',
      account: { Type: 'Trial', Renewal_Date__c: null, Owner: { Name: 'Ada Manager' } },
    })
    expect(byRule['renewal-soon']).toMatchObject({
      body: `Payco renews ${soon} (Ada Manager)`,
      account: { Type: 'Customer - Direct', Renewal_Date__c: soon, Owner: { Name: 'Ada Manager' } },
    })
    expect(history.code).toBe(0)
    expect(history.json().map((line) => line.account)).toEqual(
      expect.arrayContaining([byRule['trial-pricing']?.account, byRule['renewal-soon']?.account]),
    )
    // Whose token, one describe of Account and one of User, then one query with the fields.
    expect(standIn.requests.map((request) => request.kind)).toEqual([
      'userinfo',
      'describe',
      'describe',
      'query',
    ])
  })

  it('doctor lists the fields with their labels, and names a field the org lacks as a config error', async () => {
    const good = await runCli(['doctor', '--config', config('doctor-ok', '[Type, Renewal_Date__c]')], env)
    const bad = await runCli(
      ['doctor', '--config', config('doctor-bad', '[Type, Renewal_Date_c, Owner.Nme]')],
      env,
    )

    expect(good.stdout).toMatch(
      /✓ account fields +reads Type \(Account Type, picklist\), Renewal_Date__c \(Renewal Date, date\)/,
    )
    expect(bad.code).toBe(2)
    expect(bad.stdout).toContain("salesforce.accountFields[1]: the org's Account has no field Renewal_Date_c")
    expect(bad.stdout).toContain("salesforce.accountFields[2]: the org's User has no field Nme")
    // The rules read a field that is not read now.
    expect(bad.stdout).toContain(
      'rule renewal-soon reads account.Renewal_Date__c, which salesforce.accountFields does not read',
    )
  })

  it('goes straight to Salesforce when NO_PROXY names it, though https_proxy is set at start', async () => {
    const proxy = new ConnectProxy()
    const { url: proxyUrl } = await proxy.start()
    proxy.refuse('127.0.0.1')
    try {
      const path = config('proxied', '[Type]')
      const proxied = { ...env, HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl }

      const direct = await runCli(['doctor', '--config', path], {
        ...proxied,
        NO_PROXY: '127.0.0.1,localhost',
      })
      const connectsWhenDirect = proxy.connects.length
      const refused = await runCli(['doctor', '--config', path], proxied)

      expect(direct.stdout).toMatch(/✓ salesforce +http:\/\/127\.0\.0\.1:\d+: user \S+ owns 2 accounts/)
      expect(connectsWhenDirect).toBe(0)
      expect(proxy.connects.filter((target) => target === new URL(standIn.url).host).length).toBeGreaterThan(
        0,
      )
      expect(refused.stdout).toContain(`through the proxy ${new URL(proxyUrl).host}`)
    } finally {
      await proxy.close()
    }
  })
})
