import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts'
import { runCli } from '../support/runCli.ts'
import { SalesforceStandIn } from '../support/salesforceStandIn.ts'
import { SlackStandIn } from '../support/slackStandIn.ts'
import { accountsOwnedBy, standInUser } from '../support/standInBook.ts'

// docs/promises.md, "Secrets stay secret": never in the SQLite file or logs. Moments runs with a Salesforce token,
// a Slack bot token, a Slack webhook URL and a warehouse password — through successes and through
// every failure that puts an error message somewhere (Salesforce 401 and 500, Slack invalid_auth,
// 500 and an unknown webhook, an unreachable warehouse), debug logs on, pretty and JSON — then
// every byte it left is searched: the state files (WAL and shared memory included, before any
// checkpoint), stdout and stderr of every command, and every file in its config and data dirs.

const SF_TOKEN = '00DSECRETsalesforceToken!ARAQxyzzy1234567890'
const SLACK_TOKEN = 'xoxb-1111-2222-SECRETslackBotToken0987'
const WAREHOUSE_PASSWORD = 'SECRETwarehousePassw0rd'
const WEBHOOK_SECRET = 'standInWebhookSecret'
const SECRETS = { SF_TOKEN, SLACK_TOKEN, WAREHOUSE_PASSWORD, WEBHOOK_SECRET }

const me = standInUser(1, 'Ada Manager')
const [acme] = accountsOwnedBy(1, { OwnerId: me })

let db: TestDatabase
let client: pg.Client
let salesforce: SalesforceStandIn
let slack: SlackStandIn
let dir: string
let env: Record<string, string>
const outputs: string[] = []
let serial = 0

beforeAll(async () => {
  db = await createTestDatabase('secrets_scan')
  client = new pg.Client({ connectionString: db.url })
  await client.connect()
  await client.query(`CREATE TABLE events (
    event_id text, loaded_at timestamptz, occurred_at timestamptz, source text, event_type text,
    account_id text, account_name text, is_response_ok boolean)`)
  salesforce = new SalesforceStandIn({ currentUser: me, accounts: acme ? [acme] : [], accessToken: SF_TOKEN })
  await salesforce.start()
  slack = new SlackStandIn({ botToken: SLACK_TOKEN })
  await slack.start()
  dir = mkdtempSync(join(tmpdir(), 'moments-secrets-'))
  writeFileSync(
    join(dir, 'rules.yaml'),
    'rules:\n  - id: failed\n    name: Failed\n    when: event.event_type == "add_input"\n    message: "{{event_id}}"\n',
  )
  const url = new URL(db.url)
  url.password = WAREHOUSE_PASSWORD
  const unreachable = new URL(url)
  unreachable.port = '1'
  env = {
    TEST_WAREHOUSE_URL: url.toString(),
    TEST_UNREACHABLE_URL: unreachable.toString(),
    TEST_SF_TOKEN: SF_TOKEN,
    TEST_SLACK_TOKEN: SLACK_TOKEN,
    TEST_WEBHOOK: slack.webhookUrl,
    TEST_BAD_WEBHOOK: slack.webhookUrl.replace('/B0STANDIN/', '/B0UNKNOWN/'),
    MOMENTS_DATA_DIR: join(dir, 'data'),
    MOMENTS_CONFIG_DIR: dir,
    MOMENTS_LOG_LEVEL: 'debug',
  }
})

afterAll(async () => {
  await client?.end()
  await salesforce?.close()
  await slack?.close()
  await db?.drop()
})

function config(name: string, slackYaml: string, warehouse = 'env:TEST_WAREHOUSE_URL'): string {
  const path = join(dir, `${name}.yaml`)
  writeFileSync(
    path,
    `warehouse:
  url: ${warehouse}
  query: SELECT * FROM events
  backfill: 1h
salesforce:
  instanceUrl: ${salesforce.url}
  accessToken: env:TEST_SF_TOKEN
  refresh: 1s
rules: ./rules.yaml
state: ./${name}.db
slack:
${slackYaml}`,
  )
  return path
}

async function cli(args: string[], extra: Record<string, string> = {}): Promise<number | null> {
  const result = await runCli(args, { ...env, ...extra })
  outputs.push(`$ moments ${args.join(' ')}\n${result.stdout}\n${result.stderr}`)
  return result.code
}

async function event(): Promise<void> {
  await client.query(
    `INSERT INTO events VALUES ($1, now() - interval '1 minute' + make_interval(secs => $2), now() - interval '1 minute',
       'webserver', 'add_input', $3, 'Acme', false)`,
    [`ev-${++serial}`, serial, acme?.id],
  )
}

describe('after runs through successes and failures', () => {
  it('no token, password or webhook secret is anywhere Moments wrote', async () => {
    const bot = config(
      'bot',
      `  botToken: env:TEST_SLACK_TOKEN\n  channel: "#moments"\n  apiUrl: ${slack.apiUrl}\n  pace: 0\n  timeout: 2s\n`,
    )
    const webhook = config('webhook', '  webhookUrl: env:TEST_WEBHOOK\n  pace: 0\n')
    const badWebhook = config('bad_webhook', '  webhookUrl: env:TEST_BAD_WEBHOOK\n  pace: 0\n')
    const down = config('down', '  webhookUrl: env:TEST_WEBHOOK\n', 'env:TEST_UNREACHABLE_URL')
    for (const path of [bot, webhook, badWebhook, down]) await cli(['run', '--once', '--config', path])

    // Successes, pretty and JSON logs.
    await event()
    expect(await cli(['run', '--once', '--json', '--config', bot])).toBe(0)
    await event()
    expect(await cli(['run', '--once', '--config', webhook], { MOMENTS_LOG_FORMAT: 'json' })).toBe(0)
    expect(slack.messages.length).toBeGreaterThan(0)

    // Salesforce refuses the token, then fails (its owned accounts come from the cache).
    salesforce.expireToken()
    await event()
    await cli(['run', '--once', '--config', bot])
    await cli(['doctor', '--config', bot])
    salesforce.renewToken()
    salesforce.failNext(20, { status: 500 })
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    await cli(['run', '--once', '--config', bot], { MOMENTS_LOG_FORMAT: 'json' })

    // Slack refuses the token, then fails, then the webhook is unknown.
    slack.revokeToken()
    await event()
    await cli(['run', '--once', '--drain-timeout', '1s', '--config', bot])
    await cli(['doctor', '--config', bot])
    slack.failNext(5, { status: 500 })
    await cli(['run', '--once', '--drain-timeout', '1s', '--config', webhook])
    await event()
    await cli(['run', '--once', '--drain-timeout', '1s', '--config', badWebhook], {
      MOMENTS_LOG_FORMAT: 'json',
    })
    await cli(['doctor', '--config', badWebhook])

    // The warehouse cannot be reached (its URL carries the password).
    expect(await cli(['run', '--once', '--config', down])).toBe(1)
    await cli(['doctor', '--config', down])
    for (const path of [bot, badWebhook]) await cli(['history', '--status', 'failed', '--config', path])
    await cli(['history', '--json', '--config', bot])

    // What the failures left behind is really there: the scan looks at the right bytes.
    const everything = outputs.join('\n')
    expect(everything).toMatch(/Salesforce session expired/)
    expect(everything).toMatch(/invalid_auth/)
    expect(everything).toMatch(/cannot reach the warehouse at postgres:\/\/postgres@127\.0\.0\.1:1\//)
    const files = filesUnder(dir)
    expect(files.some((f) => f.endsWith('bot.db-wal'))).toBe(true)
    const stateBytes = files.filter((f) => /\.db(-wal|-shm)?$/.test(f)).map((f) => readFileSync(f))
    expect(Buffer.concat(stateBytes).includes('cannot reach the warehouse')).toBe(true)

    const leaks: string[] = []
    for (const [name, secret] of Object.entries(SECRETS)) {
      // The whole secret, and a distinctive part of it (a cut or re-encoded one still leaks).
      for (const needle of [secret, secret.slice(-12), encodeURIComponent(secret)]) {
        if (everything.includes(needle)) leaks.push(`${name} in command output`)
        for (const file of files) {
          const bytes = readFileSync(file)
          if (bytes.includes(needle) || bytes.includes(Buffer.from(needle, 'utf16le')))
            leaks.push(`${name} in ${file}`)
        }
      }
    }
    expect([...new Set(leaks)]).toEqual([])
  }, 180_000)
})

/** Every file under `root`, recursively (the config files hold `env:` references only). */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return []
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}
