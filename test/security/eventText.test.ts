import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts'
import { runCli } from '../support/runCli.ts'
import { SalesforceStandIn } from '../support/salesforceStandIn.ts'
import { SlackStandIn } from '../support/slackStandIn.ts'
import { accountsOwnedBy, standInUser } from '../support/standInBook.ts'

// Event fields are untrusted text (docs/promises.md): whatever a customer's user typed into a form ends
// up in them. Through the real CLI, the real Slack client and SQLite, hostile text must arrive as
// the text it was — never a Slack mention or link, never a terminal control sequence, never a
// second JSON line, never SQL, never a template. (HTML/JS in the history window: the renderer's
// Chromium tests, test/renderer/xss.test.ts.)

const HOSTILE: Record<string, string> = {
  slack:
    '<!channel> <!here|here> <!everyone> <@U0ADMIN> <#C0GENERAL> <https://evil.example|click me> &amp; &lt;',
  terminal: 'Jo\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\r\u0008\u009b31m \u202eevil\u2066 next',
  json: 'line\nbreak\r\n{"id":"forged","rule":"x"}\u2028\u2029',
  sql: '\'; DROP TABLE moments; -- " OR 1=1 --',
  template: '{{account_name}} {{{user_name}}} {{#x}}y{{/x}} {{> partial}} {{=<% %>=}} <%user_name%>',
  html: '<img src=x onerror=alert(1)><script>alert(document.cookie)</script>',
}

const me = standInUser(1, 'Ada Manager')
const [acme] = accountsOwnedBy(1, { OwnerId: me })
const ACME = acme?.id as string

let db: TestDatabase
let client: pg.Client
let salesforce: SalesforceStandIn
let slack: SlackStandIn
let dir: string
let config: string
let env: Record<string, string>
let firstJson: Record<string, unknown>[] = []

beforeAll(async () => {
  db = await createTestDatabase('event_text')
  client = new pg.Client({ connectionString: db.url })
  await client.connect()
  await client.query(`CREATE TABLE events (
    event_id text, loaded_at timestamptz, occurred_at timestamptz, source text, event_type text,
    account_id text, account_name text, user_name text, input_name text, feature text, is_response_ok boolean)`)
  salesforce = new SalesforceStandIn({ currentUser: me, accounts: acme ? [acme] : [] })
  await salesforce.start()
  slack = new SlackStandIn()
  await slack.start()
  dir = mkdtempSync(join(tmpdir(), 'moments-event-text-'))
  writeFileSync(
    join(dir, 'rules.yaml'),
    `rules:
  - id: input-add-failed
    name: "Failed input by {{user_name}}"
    when: event.event_type == "add_input" && !event.is_response_ok
    message: "{{user_name}} failed to add input {{input_name}} ({{event_id}})"
  - id: first-feature-use
    name: First use
    when: event.event_type == "feature_used"
    once: [account_id, feature]
    message: "{{feature}} first used ({{event_id}})"
`,
  )
  config = join(dir, 'moments.yaml')
  writeFileSync(
    config,
    `warehouse:
  url: ${db.url}
  query: SELECT * FROM events
  backfill: 1h
salesforce:
  instanceUrl: ${salesforce.url}
  accessToken: env:TEST_SF_TOKEN
rules: ./rules.yaml
state: ./state.db
slack:
  botToken: env:TEST_SLACK_TOKEN
  channel: "#moments"
  apiUrl: ${slack.apiUrl}
  pace: 0
`,
  )
  env = {
    TEST_SF_TOKEN: salesforce.accessToken,
    TEST_SLACK_TOKEN: slack.botToken,
    MOMENTS_DATA_DIR: join(dir, 'data'),
    MOMENTS_CONFIG_DIR: dir,
  }
  // The first run's backfill forwards nothing: establish the cursor, then the hostile events.
  expect((await runCli(['run', '--once', '--config', config], env)).code).toBe(0)
  let serial = 0
  for (const [kind, text] of Object.entries(HOSTILE)) {
    serial++
    await client.query(
      `INSERT INTO events VALUES ($1, now() - make_interval(secs => $2), now() - make_interval(secs => $2),
         'webserver', 'add_input', $3, $4, $5, $6, NULL, false)`,
      [`ev-${kind}`, 60 - serial, ACME, `Acme ${text}`, text, text],
    )
    await client.query(
      `INSERT INTO events VALUES ($1, now() - make_interval(secs => $2), now() - make_interval(secs => $2),
         'webserver', 'feature_used', $3, 'Acme', 'Jo', NULL, $4, true)`,
      [`ev-feature-${kind}`, 30 - serial, ACME, text],
    )
  }
  const result = await runCli(['run', '--once', '--json', '--config', config], env)
  expect(result.code, result.stderr).toBe(0)
  firstJson = result.json()
})

afterAll(async () => {
  await client?.end()
  await salesforce?.close()
  await slack?.close()
  await db?.drop()
})

describe('hostile event text', () => {
  it('reaches Slack as text: no mention, channel ping, link or entity survives unescaped', () => {
    expect(slack.messages).toHaveLength(Object.keys(HOSTILE).length * 2)
    for (const message of slack.messages) {
      // Every mrkdwn text Moments wrote: the only `<…>` left is its own date token.
      const mrkdwn = [
        message.text,
        ...message.blocks.flatMap((b) => {
          const block = b as {
            text?: { type: string; text: string }
            elements?: Array<{ type: string; text?: string }>
          }
          const texts = block.text?.type === 'mrkdwn' ? [block.text.text] : []
          for (const e of block.elements ?? []) if (e.type === 'mrkdwn' && e.text) texts.push(e.text)
          return texts
        }),
      ]
      for (const text of mrkdwn) {
        expect(text.replace(/<!date\^\d+\^[^|>]+\|[^<>]+>/g, '')).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/)
      }
    }
    const slackOne = slack.messages.find((m) => m.text.includes('(ev-slack)'))
    expect(slackOne?.text).toContain('&lt;!channel&gt; &lt;!here|here&gt; &lt;!everyone&gt; &lt;@U0ADMIN&gt;')
    expect(slackOne?.text).toContain('&lt;https://evil.example|click me&gt; &amp;amp; &amp;lt;')
    // Headers are plain_text: Slack parses nothing there.
    for (const message of slack.messages) {
      const header = message.blocks.find((b) => b.type === 'header') as { text: { type: string } }
      expect(header.text.type).toBe('plain_text')
    }
  })

  it('prints one JSON object per moment per line, however many line breaks the text holds', () => {
    expect(firstJson).toHaveLength(Object.keys(HOSTILE).length * 2)
    expect(firstJson.map((m) => m.id)).not.toContain('forged')
    const json = firstJson.find((m) => (m.event_ids as string[])[0] === 'ev-json')
    expect(json?.body).toBe(`${HOSTILE.json} failed to add input ${HOSTILE.json} (ev-json)`)
  })

  it('shows control characters on a terminal as visible escapes, in run and in history', async () => {
    await client.query(
      `INSERT INTO events VALUES ('ev-terminal-2', now(), now(), 'webserver', 'add_input', $1, 'Acme', $2, 'x', NULL, false)`,
      [ACME, HOSTILE.terminal],
    )
    const run = await runCli(['run', '--once', '--config', config], env)
    const history = await runCli(['history', '--config', config], env)
    for (const output of [run.stdout, history.stdout]) {
      expect(output).toContain('Jo\\u001b]0;pwned\\u0007\\u001b[2J')
      // No raw ESC, BEL, CR, backspace, NUL, C1 control or bidi override reaches the terminal.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters
      expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
    }
    expect(run.stdout).toMatch(/ev-terminal-2/)
  })

  it('stores SQL-looking text as data: every table intact, the text kept exactly', () => {
    const state = new Database(join(dir, 'state.db'), { readonly: true })
    try {
      const tables = state
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .all()
        .map((t) => (t as { name: string }).name)
      expect(tables).toEqual(expect.arrayContaining(['moments', 'once_keys', 'outbox', 'seen_events']))
      const sql = state.prepare('SELECT body FROM moments WHERE event_ids = \'["ev-sql"]\'').get() as {
        body: string
      }
      expect(sql.body).toBe(`${HOSTILE.sql} failed to add input ${HOSTILE.sql} (ev-sql)`)
      // A once key made of SQL-looking text is just a key.
      const keys = state.prepare('SELECT once_key FROM once_keys').all() as { once_key: string }[]
      expect(keys.map((k) => JSON.parse(k.once_key)[2])).toEqual(expect.arrayContaining([HOSTILE.sql]))
    } finally {
      state.close()
    }
  })

  it('renders templates once: template syntax inside event text stays text', () => {
    const template = firstJson.find((m) => (m.event_ids as string[])[0] === 'ev-template')
    expect(template?.body).toBe(`${HOSTILE.template} failed to add input ${HOSTILE.template} (ev-template)`)
    expect(template?.title).toBe(`Failed input by ${HOSTILE.template} — Acme ${HOSTILE.template}`)
  })

  it('keeps HTML as text in the stored moment (the history window escapes it, see the renderer tests)', () => {
    const html = firstJson.find((m) => (m.event_ids as string[])[0] === 'ev-html')
    expect(html?.body).toContain('<script>alert(document.cookie)</script>')
  })
})

describe('SQL in what a user types into the CLI', () => {
  it.each([
    ['--search', "'; DELETE FROM moments; --"],
    ['--search', '" UNION SELECT id FROM outbox --'],
    ['--search', 'NEAR( * ^ - AND OR NOT'],
    ['--search', 'acme" OR "x'],
    ['--account', "x' OR '1'='1"],
    ['--rule', "input-add-failed' OR 1=1 --"],
  ])('history %s %j: no error, no match, nothing dropped', async (flag, value) => {
    const result = await runCli(['history', '--json', '--config', config, flag, value], env)
    expect(result.code, result.stderr).toBe(0)
    expect(result.json()).toEqual([])
    const all = await runCli(['history', '--json', '--config', config], env)
    expect(all.json().length).toBeGreaterThanOrEqual(Object.keys(HOSTILE).length * 2)
  })

  it('finds hostile text by search as text', async () => {
    const result = await runCli(['history', '--json', '--config', config, '--search', 'DROP TABLE'], env)
    expect(result.json().map((m) => (m.event_ids as string[])[0])).toContain('ev-sql')
  })
})
