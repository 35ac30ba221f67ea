import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../../support/postgres.ts'
import { runCli } from '../../../support/runCli.ts'
import { SalesforceStandIn } from '../../../support/salesforceStandIn.ts'
import { SlackStandIn } from '../../../support/slackStandIn.ts'
import { salesforceId, standInUser } from '../../../support/standInBook.ts'
import { TeamsStandIn } from '../../../support/teamsStandIn.ts'
import { eventIdsOf } from '../slack/slackFixtures.ts'
import { cardProblems } from './adaptiveCards.ts'

// The CLI as child processes, several times each: more than the default 30 s on busy cores.
vi.setConfig({ testTimeout: 120_000 })

// `moments run --once` and `moments doctor` end to end with Microsoft Teams: a real PostgreSQL
// warehouse, the real jsforce client and Moments' Teams channel against local stand-ins.

const me = standInUser(1, 'Ada Manager')
const ACME = salesforceId('001', 1)

const RULES = `
rules:
  - id: input-add-failed
    name: Failed to add an input
    when: event.event_type == "add_input"
    message: "{{user_name}} failed to add input {{input_name}} ({{event_id}})"
    severity: high
`

let db: TestDatabase
let warehouse: pg.Client
let salesforce: SalesforceStandIn
let teams: TeamsStandIn
let dir: string
let serial = 0

beforeAll(async () => {
  db = await createTestDatabase('teams_cli')
  warehouse = new pg.Client({ connectionString: db.url })
  await warehouse.connect()
  await warehouse.query(`CREATE TABLE enriched_events (
    event_id text, loaded_at timestamptz, occurred_at timestamptz, source text, event_type text,
    account_id text, account_name text, user_name text, input_name text)`)
  salesforce = new SalesforceStandIn({
    currentUser: me,
    accounts: [{ id: ACME, name: 'Acme Corp', people: { OwnerId: me } }],
  })
  await salesforce.start()
  dir = mkdtempSync(join(tmpdir(), 'moments-teams-cli-'))
  writeFileSync(join(dir, 'rules.yaml'), RULES)
})

afterAll(async () => {
  await teams?.close()
  await warehouse?.end()
  await salesforce?.close()
  await db?.drop()
})

beforeEach(async () => {
  await teams?.close()
  teams = new TeamsStandIn()
  await teams.start()
  await warehouse.query('DELETE FROM enriched_events')
})

/** New failed-input events loaded a minute and a half ago: within the lookback of the run before, whose cursor is on the warehouse's clock. */
async function events(count: number, userName = '**Jo** [x](https://evil.example)'): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const id = `ev-${++serial}`
    ids.push(id)
    await warehouse.query(
      `INSERT INTO enriched_events VALUES ($1, now() - interval '90 seconds' + make_interval(secs => $2),
         now() - interval '6 minutes' + make_interval(secs => $2), 'webserver', 'add_input', $3, 'Acme Corp', $4, 'MySQL')`,
      [id, serial, ACME, userName],
    )
  }
  return ids
}

function config(name: string, channels: string): string {
  const path = join(dir, `${name}.yaml`)
  writeFileSync(
    path,
    `warehouse:
  url: ${db.url}
  backfill: 1h
salesforce:
  instanceUrl: ${salesforce.url}
  accessToken: env:TEST_SF_TOKEN
rules: ./rules.yaml
state: ./${name}.db
${channels}`,
  )
  return path
}

const teamsYaml = () => `teams:\n  webhookUrl: env:TEST_TEAMS_WEBHOOK\n  pace: 50ms\n  timeout: 2s\n`

const env = () => ({
  TEST_SF_TOKEN: salesforce.accessToken,
  TEST_TEAMS_WEBHOOK: teams.webhookUrl,
  MOMENTS_DATA_DIR: join(dir, 'data'),
  MOMENTS_CONFIG_DIR: dir,
})

const run = (path: string, ...args: string[]) => runCli(['run', '--once', '--config', path, ...args], env())

/** The event ids the cards' messages name, as a reader sees them. */
const cardEventIds = () =>
  teams.cards.map((c) => {
    const text = ((c.card.body as Array<{ text: string }>)[1]?.text ?? '').replace(/\\(.)/g, '$1')
    return /\((ev-[^)]+)\)/.exec(text)?.[1]
  })

describe('moments run --once with Microsoft Teams', () => {
  it('posts each new moment once as a valid Adaptive Card, after the first run’s backfill', async () => {
    const path = config('teams', teamsYaml())
    expect((await run(path)).code).toBe(0)
    expect(teams.cards).toHaveLength(0) // the backfill fills the history, forwards nothing
    const ids = await events(2)
    const result = await run(path)

    expect(result.code, result.stderr).toBe(0)
    expect(cardEventIds()).toEqual(ids)
    for (const { card } of teams.cards) expect(cardProblems(card)).toEqual([])
    const first = teams.cards[0]?.card as { body: Array<{ text?: string }>; actions: Array<{ url: string }> }
    expect(first.body[1]?.text).toContain('\\*\\*Jo\\*\\* \\[x\\]\\(https://evil\\.example\\)')
    expect(first.actions[0]?.url).toBe(`${salesforce.url}/lightning/r/Account/${ACME}/view`)
    expect(result.stderr).toMatch(/Microsoft Teams: 2 sent/)
    expect(result.stderr).not.toContain(teams.sig)

    expect((await run(path)).code).toBe(0)
    expect(teams.cards).toHaveLength(2)
  })

  it('forwards to Slack and Teams side by side, each its own outbox destination', async () => {
    const slack = new SlackStandIn()
    await slack.start()
    try {
      const path = config(
        'both',
        `${teamsYaml()}slack:\n  webhookUrl: env:TEST_SLACK_WEBHOOK\n  pace: 50ms\n  timeout: 2s\n`,
      )
      const both = { ...env(), TEST_SLACK_WEBHOOK: slack.webhookUrl }
      expect((await runCli(['run', '--once', '--config', path], both)).code).toBe(0)
      const ids = await events(2, 'Jo')
      const result = await runCli(['run', '--once', '--config', path], both)
      expect(result.code, result.stderr).toBe(0)
      expect(cardEventIds()).toEqual(ids)
      expect(eventIdsOf(slack.messages)).toEqual(ids)
    } finally {
      await slack.close()
    }
  })

  it('exits 1 naming the workflow problem, keeps the forwards; doctor shows the setup and the queue', async () => {
    const path = config('off', teamsYaml())
    expect((await run(path)).code).toBe(0)
    await events(1)
    teams.enabled = false
    const result = await run(path)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /moments: cannot forward to Microsoft Teams webhook: Teams: HTTP 409 WorkflowTriggerIsNotEnabled \(the workflow is turned off/,
    )

    const doctor = await runCli(['doctor', '--config', path], env())
    expect(doctor.stdout).toMatch(
      /✓ teams\s+a webhook \(127\.0\.0\.1:\d+\/…\); gives up after 1d, ≤1 message per 50ms/,
    )
    expect(doctor.stdout).toMatch(/queued for Microsoft Teams webhook: 1 .*last error: Teams: HTTP 409/)
    expect(doctor.stdout + doctor.stderr).not.toContain(teams.sig)

    teams.enabled = true
    expect((await run(path)).code).toBe(0)
    expect(teams.cards).toHaveLength(1)
  })

  it('names a bad teams: section in moments.yaml by its key (exit 2)', async () => {
    const path = config('bad', 'teams:\n  webhookUrl: not a url\n  pase: 1s\n')
    const result = await run(path)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/teams\.webhookUrl: must be an http\(s\) URL/)
    expect(result.stderr).toMatch(/teams\.pase: unknown key/)
  })
})
