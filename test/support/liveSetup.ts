// A Moments set-up for the outage suites: a table of its own in a warehouse, a config pointing at
// Salesforce and Slack (stand-ins, or proxies in front of them), a state file whose cursor is
// established, and helpers to add events, start `moments run` and ask `moments doctor`.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { type MomentsProcess, startMoments } from './momentsProcess.ts'
import { type CliResult, runCli } from './runCli.ts'

export const LIVE_RULES = `
rules:
  - id: input-add-failed
    name: Failed to add an input
    when: event.event_type == "add_input" && !event.is_response_ok
    message: "{{user_name}} failed to add input {{input_name}} ({{event_id}})"
    severity: high
`

export interface LiveSetup {
  dir: string
  configPath: string
  statePath: string
  env: Record<string, string>
  /** A failed-input event of `account`, loaded now (by the warehouse's clock) */
  insert(id: string, account: string): Promise<void>
  /** `moments run` until stopped */
  run(): MomentsProcess
  once(...args: string[]): Promise<CliResult>
  doctor(): Promise<CliResult>
}

export async function liveSetup(options: {
  name: string
  warehouseUrl: string
  salesforce: { url: string; token: string }
  slack?: { apiUrl: string; token: string }
  /** More lines under `warehouse:` / `salesforce:` (two-space indented) */
  warehouse?: string
  salesforceExtra?: string
}): Promise<LiveSetup> {
  const table = `${options.name}_events`
  await withClient(options.warehouseUrl, (client) =>
    client.query(`CREATE TABLE ${table} (
      event_id text, loaded_at timestamptz, occurred_at timestamptz, source text, event_type text,
      account_id text, account_name text, user_name text, input_name text, is_response_ok boolean)`),
  )
  const dir = mkdtempSync(join(tmpdir(), `moments-${options.name}-`))
  writeFileSync(join(dir, 'rules.yaml'), LIVE_RULES)
  const configPath = join(dir, 'moments.yaml')
  const slack = options.slack
    ? `slack:
  botToken: env:TEST_SLACK_TOKEN
  channel: "#moments"
  apiUrl: ${options.slack.apiUrl}
  pace: 0
  timeout: 2s
`
    : ''
  writeFileSync(
    configPath,
    `warehouse:
  url: ${options.warehouseUrl}
  query: SELECT * FROM ${table}
  pollInterval: 300ms
  lookback: 2m
  backfill: 1h
  statementTimeout: 10s
${options.warehouse ?? ''}salesforce:
  instanceUrl: ${options.salesforce.url}
  accessToken: env:TEST_SF_TOKEN
${options.salesforceExtra ?? ''}rules: ./rules.yaml
state: ./state.db
${slack}`,
  )
  const env: Record<string, string> = {
    TEST_SF_TOKEN: options.salesforce.token,
    MOMENTS_DATA_DIR: join(dir, 'data'),
    MOMENTS_CONFIG_DIR: dir,
  }
  if (options.slack) env.TEST_SLACK_TOKEN = options.slack.token
  const setup: LiveSetup = {
    dir,
    configPath,
    statePath: join(dir, 'state.db'),
    env,
    insert: (id, account) =>
      withClient(options.warehouseUrl, (client) =>
        client.query(
          `INSERT INTO ${table} VALUES ($1, now(), now() - interval '10 seconds', 'webserver', 'add_input',
             $2, 'Account', 'Jo', 'MySQL', false)`,
          [id, account],
        ),
      ).then(() => {}),
    run: () => startMoments(['run', '--config', configPath], env),
    once: (...args) => runCli(['run', '--once', '--config', configPath, ...args], env),
    doctor: () => runCli(['doctor', '--config', configPath], env),
  }
  // The first poll's backfill forwards nothing: establish the cursor on an empty table first.
  const first = await setup.once()
  if (first.code !== 0) throw new Error(`first run failed: ${first.stderr}`)
  return setup
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
