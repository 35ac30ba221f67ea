import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../../support/postgres.ts'
import { runCli } from '../../../support/runCli.ts'
import { SalesforceStandIn } from '../../../support/salesforceStandIn.ts'
import { SlackStandIn } from '../../../support/slackStandIn.ts'
import { salesforceId, standInUser } from '../../../support/standInBook.ts'
import { eventIdsOf } from './slackFixtures.ts'

// Each test runs the CLI as child processes, several times: on a busy 2-core CI machine that
// can take longer than the default 30 s. The child processes have their own kill timers.
vi.setConfig({ testTimeout: 120_000 })

// `moments run --once` end to end with Slack: a real PostgreSQL warehouse, the real jsforce,
// @slack/web-api and @slack/webhook clients against local stand-ins, the CLI as a child process.

const me = standInUser(1, 'Ada Manager')
const bob = standInUser(2, 'Bob Other')
const ACME = salesforceId('001', 1)
const GLOBEX = salesforceId('001', 2)

const RULES = `
rules:
  - id: input-add-failed
    name: Failed to add an input
    when: event.event_type == "add_input" && !event.is_response_ok
    message: "{{user_name}} failed to add input {{input_name}} ({{event_id}})"
    severity: high
`

let db: TestDatabase
let warehouse: pg.Client
let salesforce: SalesforceStandIn
let slack: SlackStandIn
let dir: string
let serial = 0

beforeAll(async () => {
  db = await createTestDatabase('slack_cli')
  warehouse = new pg.Client({ connectionString: db.url })
  await warehouse.connect()
  await warehouse.query(`CREATE TABLE enriched_events (
    event_id text, loaded_at timestamptz, occurred_at timestamptz, source text, event_type text,
    account_id text, account_name text, user_name text, is_response_ok boolean, input_name text)`)
  salesforce = new SalesforceStandIn({
    currentUser: me,
    accounts: [
      { id: ACME, name: 'Acme Corp', people: { OwnerId: me } },
      { id: GLOBEX, name: 'Globex', people: { OwnerId: bob } },
    ],
  })
  await salesforce.start()
  dir = mkdtempSync(join(tmpdir(), 'moments-slack-cli-'))
  writeFileSync(join(dir, 'rules.yaml'), RULES)
})

afterAll(async () => {
  await warehouse?.end()
  await salesforce?.close()
  await db?.drop()
})

beforeEach(async () => {
  await slack?.close()
  slack = new SlackStandIn({ users: [{ id: 'U0ADA', name: 'ada', email: me.email }] })
  await slack.start()
  await warehouse.query('DELETE FROM enriched_events')
})

/**
 * New failed-input events, one per account given, loaded a minute and a half ago (within the lookback
 * of the run before, whose cursor is on the warehouse's clock); returns their ids.
 */
async function events(...accounts: Array<[string, string]>): Promise<string[]> {
  const ids: string[] = []
  for (const [accountId, accountName] of accounts) {
    const id = `ev-${++serial}`
    ids.push(id)
    await warehouse.query(
      `INSERT INTO enriched_events VALUES ($1, now() - interval '90 seconds' + make_interval(secs => $2),
         now() - interval '6 minutes' + make_interval(secs => $2), 'webserver', 'add_input', $3, $4, 'Jo <!channel>', false, 'MySQL')`,
      [id, serial, accountId, accountName],
    )
  }
  return ids
}

function config(name: string, slackYaml: string): string {
  const path = join(dir, `${name}.yaml`)
  writeFileSync(
    path,
    `warehouse:
  url: ${db.url}
  lookback: 2m
  backfill: 1h
salesforce:
  instanceUrl: ${salesforce.url}
  accessToken: env:TEST_SF_TOKEN
rules: ./rules.yaml
state: ./${name}.db
slack:
${slackYaml}`,
  )
  return path
}

const env = () => ({
  TEST_SF_TOKEN: salesforce.accessToken,
  TEST_SLACK_TOKEN: slack.botToken,
  MOMENTS_DATA_DIR: join(dir, 'data'),
  MOMENTS_CONFIG_DIR: dir,
})

const botYaml = (extra = '') =>
  `  botToken: env:TEST_SLACK_TOKEN\n  channel: "#moments"\n  apiUrl: ${slack.apiUrl}\n  pace: 50ms\n  timeout: 2s\n${extra}`

const run = (path: string, ...args: string[]) => runCli(['run', '--once', '--config', path, ...args], env())

/** A first run: its backfill fills the history but forwards nothing, so start each state with one. */
async function firstRun(path: string): Promise<void> {
  const result = await run(path)
  expect(result.code, result.stderr).toBe(0)
  expect(slack.messages).toHaveLength(0)
}

describe('moments run --once with Slack (personal, bot token)', () => {
  it('forwards each moment of your accounts once, in order, as Block Kit, and drains before it exits', async () => {
    const path = config('personal', botYaml())
    await firstRun(path)
    const ids = await events([ACME, 'Acme Corp'], [GLOBEX, 'Globex'], [ACME, 'Acme Corp'])
    const result = await run(path, '--json')

    expect(result.code, result.stderr).toBe(0)
    expect(result.json()).toHaveLength(2) // stdout holds only the moments' JSON lines
    expect(eventIdsOf(slack.messages)).toEqual([ids[0], ids[2]])
    const [first] = slack.messages
    expect(first?.channel).toBe('#moments')
    expect(first?.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'actions'])
    expect(JSON.stringify(first?.blocks)).toContain(`${salesforce.url}/lightning/r/Account/${ACME}/view`)
    expect(first?.text).toContain('Jo &lt;!channel&gt; failed to add input MySQL')
    expect(result.stderr).toMatch(/Slack: 2 sent/)
    expect(result.stderr).not.toContain(slack.botToken)

    const again = await run(path)
    expect(again.code, again.stderr).toBe(0)
    expect(slack.messages).toHaveLength(2)
  })

  it('leaves what Slack cannot take now queued, exit 0; the next run delivers it, once', async () => {
    const path = config('outage', botYaml())
    await firstRun(path)
    const ids = await events([ACME, 'Acme Corp'], [ACME, 'Acme Corp'])
    slack.rateLimitFor(60_000, 1)
    const result = await run(path, '--drain-timeout', '1500ms')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/Slack: 0 sent; 2 left queued for the next run/)

    const doctor = await runCli(['doctor', '--config', path], env())
    expect(doctor.stdout).toMatch(/outbox\s+2 queued, 0 sent, 0 failed/)
    expect(doctor.stdout).toMatch(
      /queued for Slack #moments: 2 \(oldest .*; \d attempts?; last error: Slack: 429 rate limited \(Retry-After 1s\)\)/,
    )

    slack.rateLimitFor(0)
    const next = await run(path)
    expect(next.code, next.stderr).toBe(0)
    expect(eventIdsOf(slack.messages)).toEqual(ids)
    // About one attempt a second during the storm, not a flood.
    expect(slack.requests.filter((r) => r.status === 429).length).toBeLessThanOrEqual(3)
  })

  it('exits 1 with the reason when Slack refuses the token, keeping the forwards; doctor says the same', async () => {
    const path = config('revoked', botYaml())
    await firstRun(path)
    await events([ACME, 'Acme Corp'])
    slack.revokeToken()
    const result = await run(path)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /moments: cannot forward to Slack #moments: Slack: invalid_auth \(the bot token is not valid/,
    )

    const doctor = await runCli(['doctor', '--config', path], env())
    expect(doctor.code).toBe(1)
    expect(doctor.stdout).toMatch(/✗ slack auth\s+auth\.test: Slack: invalid_auth/)
    expect(doctor.stdout).toMatch(/queued for Slack #moments: 1 .*last error: Slack: invalid_auth/)
    expect(doctor.stdout + doctor.stderr).not.toContain(slack.botToken)
    expect(slack.messages).toHaveLength(0)
  })

  it('shows a message Slack refused in history --status failed and in doctor', async () => {
    const path = config('refused', botYaml())
    await firstRun(path)
    const [refused, fine] = await events([ACME, 'Acme Corp'], [ACME, 'Acme Corp'])
    slack.failNext(1, { body: { ok: false, error: 'invalid_blocks' } })
    const result = await run(path)
    expect(result.code, result.stderr).toBe(0)
    expect(eventIdsOf(slack.messages)).toEqual([fine])

    const failed = await runCli(['history', '--status', 'failed', '--json', '--config', path], env())
    expect(failed.json().map((m) => (m.event_ids as string[])[0])).toEqual([refused])
    const doctor = await runCli(['doctor', '--config', path], env())
    expect(doctor.stdout).toMatch(/1 failed/)
    expect(doctor.stdout).toMatch(
      /#moments "Failed to add an input — Acme Corp": Slack refused the message: invalid_blocks/,
    )
    expect(doctor.stdout).toMatch(/✓ slack auth\s+auth\.test: moments in Stand-in Workspace/)
  })

  it('DMs you with channel "@me", found by your Salesforce e-mail', async () => {
    const path = config('dm', botYaml().replace('"#moments"', '"@me"'))
    await firstRun(path)
    const [id] = await events([ACME, 'Acme Corp'])
    const result = await run(path)
    expect(result.code, result.stderr).toBe(0)
    expect(slack.messages.map((m) => m.channel)).toEqual(['U0ADA'])
    expect(eventIdsOf(slack.messages)).toEqual([id])
  })
})

describe('moments run --once with an incoming webhook', () => {
  it('posts the moments there', async () => {
    const path = config('webhook', `  webhookUrl: ${slack.webhookUrl}\n  pace: 50ms\n`)
    await firstRun(path)
    const ids = await events([ACME, 'Acme Corp'], [ACME, 'Acme Corp'])
    const result = await run(path)
    expect(result.code, result.stderr).toBe(0)
    expect(slack.messages.map((m) => m.via)).toEqual(['webhook', 'webhook'])
    expect(eventIdsOf(slack.messages)).toEqual(ids)
    expect(result.stderr).not.toContain('standInWebhookSecret')
  })
})

describe('moments run --once as the team channel bot', () => {
  it("forwards every account's moments, mentioning each owner Slack knows and naming the others", async () => {
    const path = config('team', `  mode: team\n${botYaml()}`)
    await firstRun(path)
    const ids = await events([ACME, 'Acme Corp'], [GLOBEX, 'Globex'])
    const result = await run(path)
    expect(result.code, result.stderr).toBe(0)
    expect(eventIdsOf(slack.messages)).toEqual(ids)
    const mentions = slack.messages.map((m) => m.blocks.filter((b) => b.type === 'section')[1])
    expect(mentions.map((b) => (b as { text: { text: string } }).text.text)).toEqual([
      'Owner: <@U0ADA>',
      'Owner: Bob Other',
    ])

    const doctor = await runCli(['doctor', '--config', path], env())
    expect(doctor.stdout).toMatch(
      /salesforce\s+.*team mode, every account: 2 \(2 with a OwnerId e-mail to mention\)/,
    )
    expect(doctor.stdout).toMatch(
      /slack\s+team channel bot, mentioning OwnerId: a bot token \(xoxb-…\) to #moments/,
    )
  })
})

describe('moments run (until stopped)', () => {
  it('forwards as moments come, after each poll, and stops cleanly on SIGTERM', async () => {
    const path = config('continuous', botYaml())
    writeFileSync(
      path,
      `${readFileSync(path, 'utf8')}`.replace('  backfill: 1h', '  backfill: 1h\n  pollInterval: 500ms'),
    )
    await firstRun(path)
    const first = await events([ACME, 'Acme Corp'])
    const bin = fileURLToPath(new URL('../../../../bin/moments.mjs', import.meta.url))
    const child = spawn(process.execPath, [bin, 'run', '--config', path], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...env() },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    try {
      await until(
        () => slack.messages.length === 1,
        () => stderr,
      )
      const second = await events([ACME, 'Acme Corp'])
      await until(
        () => slack.messages.length === 2,
        () => stderr,
      )
      expect(eventIdsOf(slack.messages)).toEqual([...first, ...second])
    } finally {
      child.kill('SIGTERM')
    }
    const [code] = await once(child, 'exit')
    expect(code, stderr).toBe(0)
    expect(stderr).toMatch(/forwarding to Slack #moments/)
    expect(slack.messages).toHaveLength(2)
  })
})

async function until(done: () => boolean, log: () => string, timeoutMs = 20_000): Promise<void> {
  const start = Date.now()
  while (!done()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out; stderr so far:\n${log()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
