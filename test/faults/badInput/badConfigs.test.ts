import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { CliContext } from '../../../main/cli/cliContext.ts'
import { historyCommand } from '../../../main/cli/commands/historyCommand.ts'
import { runCommand } from '../../../main/cli/commands/runCommand.ts'
import { silentLog } from '../../support/pipelineFixtures.ts'
import { runCli } from '../../support/runCli.ts'

// Bad configs and bad rules: every one is refused before anything runs, with a message that names
// the place (the file, the key, the rule and its field) and says what is wrong — exit 2, and
// never a stack trace. Most go through `runCommand` in-process (fast); a few through the binary.

const dir = mkdtempSync(join(tmpdir(), 'moments-bad-config-'))
const env = { MOMENTS_DATA_DIR: join(dir, 'data'), MOMENTS_CONFIG_DIR: dir, SET_TOKEN: 'a-token' }

const WAREHOUSE = 'warehouse:\n  url: postgres://reader@127.0.0.1:1/analytics\n'
const SALESFORCE =
  'salesforce:\n  instanceUrl: https://example.my.salesforce.com\n  accessToken: env:SET_TOKEN\n'
const BASE = `${WAREHOUSE}${SALESFORCE}`

/** [what, moments.yaml, what stderr must say] */
const CONFIGS: Array<[string, string, RegExp]> = [
  ['not YAML', 'warehouse: [unclosed\n', /moments\.yaml:\d+:\d+: not valid YAML/],
  ['tabs for indentation', 'warehouse:\n\turl: x\n', /moments\.yaml:\d+:\d+: not valid YAML/],
  [
    'a duplicate key',
    `${BASE}warehouse:\n  lookback: 2m\n`,
    /moments\.yaml:\d+:\d+: not valid YAML: Map keys must be unique/,
  ],
  [
    'a list at the top',
    '- warehouse\n',
    /expected a mapping with warehouse, salesforce, rules, slack, teams, state/,
  ],
  ['a scalar at the top', 'hello\n', /expected a mapping/],
  ['a misspelt top-level key', `${BASE}warehous: {}\n`, /warehous: unknown key/],
  [
    'a misspelt nested key',
    `${BASE}`.replace('  url:', '  lookbak: 2m\n  url:'),
    /warehouse\.lookbak: unknown key/,
  ],
  [
    'a list for a duration',
    `${BASE}`.replace('  url:', '  pollInterval: [1, 2]\n  url:'),
    /warehouse\.pollInterval: /,
  ],
  [
    'a duration in words',
    `${BASE}`.replace('  url:', '  pollInterval: 15 seconds\n  url:'),
    /warehouse\.pollInterval: "15 seconds" is not a duration/,
  ],
  [
    'a negative duration',
    `${BASE}`.replace('  url:', '  lookback: -5s\n  url:'),
    /warehouse\.lookback: "-5s" is not a duration/,
  ],
  [
    'a MySQL URL',
    BASE.replace('postgres://', 'mysql://'),
    /warehouse\.url: must be a postgres:\/\/, postgresql:\/\/, redshift:\/\/ URL/,
  ],
  ['no warehouse URL', SALESFORCE, /warehouse\.url: required \(or set MOMENTS_WAREHOUSE_URL\)/],
  ['an empty query', `${BASE}`.replace('  url:', '  query: ""\n  url:'), /warehouse\.query: /],
  ['a number for the query', `${BASE}`.replace('  url:', '  query: 42\n  url:'), /warehouse\.query: /],
  [
    'no salesforce section',
    WAREHOUSE,
    /salesforce: required, so that Moments shows only the accounts you own/,
  ],
  [
    'an instance URL that is not one',
    BASE.replace('https://example.my.salesforce.com', 'example'),
    /salesforce\.instanceUrl: must be an http\(s\) URL/,
  ],
  [
    'an ftp instance URL',
    BASE.replace('https://', 'ftp://'),
    /salesforce\.instanceUrl: must be an http\(s\) URL/,
  ],
  [
    'an unset environment variable',
    BASE.replace('env:SET_TOKEN', 'env:NOT_SET_ANYWHERE'),
    /salesforce\.accessToken: environment variable NOT_SET_ANYWHERE is not set/,
  ],
  [
    'a user Id that is not one',
    `${BASE}  userId: "123"\n`,
    /salesforce\.userId: must be a 15- or 18-character Salesforce user Id/,
  ],
  [
    'SOQL in an owner field',
    `${BASE}  ownerFields: ["OwnerId = '' OR Id != ''"]\n`,
    /salesforce\.ownerFields\.0: must be an API field name/,
  ],
  ['no owner field', `${BASE}  ownerFields: []\n`, /salesforce\.ownerFields: /],
  [
    'an API version without .0',
    `${BASE}  apiVersion: "62"\n`,
    /salesforce\.apiVersion: must look like 62\.0/,
  ],
  ['an empty slack section', `${BASE}slack: {}\n`, /slack: needs webhookUrl, or botToken with channel/],
  [
    'a webhook and a bot token',
    `${BASE}slack:\n  webhookUrl: https://hooks.slack.com/x\n  botToken: xoxb-1\n  channel: C1\n`,
    /slack: set webhookUrl or botToken with channel, not both/,
  ],
  [
    'a bot token without a channel',
    `${BASE}slack:\n  botToken: xoxb-1\n`,
    /slack\.channel: is required with botToken/,
  ],
  [
    'a channel with spaces',
    `${BASE}slack:\n  botToken: xoxb-1\n  channel: "#my channel"\n`,
    /slack\.channel: must be a channel/,
  ],
  [
    'team mode with a webhook',
    `${BASE}slack:\n  mode: team\n  webhookUrl: https://hooks.slack.com/x\n`,
    /slack\.webhookUrl: team mode needs botToken and channel/,
  ],
  [
    'mentions outside team mode',
    `${BASE}slack:\n  botToken: xoxb-1\n  channel: C1\n  mentionFields: [OwnerId]\n`,
    /slack\.mentionFields: only with mode: team/,
  ],
  [
    'a zero max age',
    `${BASE}slack:\n  botToken: xoxb-1\n  channel: C1\n  maxAge: 0\n`,
    /slack\.maxAge: must be longer than 0/,
  ],
  ['a number for rules', `${BASE}rules: 42\n`, /rules: /],
  [
    'a rules file that is not there',
    `${BASE}rules: ./nowhere.yaml\n`,
    /rules: cannot read rules file .*nowhere\.yaml/,
  ],
  ['an empty state path', `${BASE}state: ""\n`, /state: /],
  [
    'an alias bomb',
    `${BASE}x: &a [1,1,1,1,1,1,1,1,1]\ny: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nz: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nw: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nv: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`,
    /moments\.yaml: not valid YAML: Excessive alias count/,
  ],
]

/** [what, the rules (a rules.yaml), what stderr must say] */
const RULES: Array<[string, string, RegExp]> = [
  ['not YAML', 'rules: [unclosed\n', /rules\.yaml: not valid YAML/],
  ['rules not a list', 'rules: 5\n', /rules\.yaml: rules: /],
  ['an unknown key at the top', 'rules: []\nrulez: []\n', /rules\.yaml: rulez: unknown key/],
  ['a rule without an id', 'rules:\n  - name: A\n    when: "true"\n    message: m\n', /rule #1: id: /],
  [
    'an id with spaces',
    'rules:\n  - id: my rule\n    name: A\n    when: "true"\n    message: m\n',
    /rule "my rule": id: must be letters, digits/,
  ],
  ['a duplicate id', `rules:\n${rule('a')}${rule('a')}`, /rule "a": id is used by an earlier rule/],
  ['no when', 'rules:\n  - id: a\n    name: A\n    message: m\n', /rule "a": when: /],
  ['a CEL syntax error', `rules:\n${rule('a', 'event.x ==')}`, /rule "a": when: /],
  [
    'a when that is not boolean',
    `rules:\n${rule('a', 'event.count + 1')}`,
    /rule "a": when: must be a boolean expression/,
  ],
  ['an unknown variable', `rules:\n${rule('a', 'row.x == 1')}`, /rule "a": when: .*row/],
  ['an unknown function', `rules:\n${rule('a', 'eval("1") == 1')}`, /rule "a": when: .*eval/],
  [
    'nesting 500 deep',
    `rules:\n${rule('a', `${'('.repeat(500)}true${')'.repeat(500)}`)}`,
    /rule "a": when: .*maxDepth/,
  ],
  [
    'a pattern with a backreference (no linear-time engine runs one)',
    `rules:\n${rule('a', "event.url.matches(r'^(a+)\\1$')")}`,
    /rule "a": when: the pattern "\^\(a\+\)\\\\1\$" uses a backreference/,
  ],
  [
    'a pattern taken from the event',
    `rules:\n${rule('a', 'event.url.matches(event.pattern)')}`,
    /rule "a": when: matches\(\) takes a literal pattern/,
  ],
  [
    'an unclosed section in message',
    `rules:\n${rule('a', 'true', '"{{#items}} x"')}`,
    /rule "a": message: Unclosed section "items"/,
  ],
  [
    'an unclosed tag in message',
    `rules:\n${rule('a', 'true', '"{{user_name"')}`,
    /rule "a": message: Unclosed tag/,
  ],
  ['a bad severity', `rules:\n${rule('a')}    severity: urgent\n`, /rule "a": severity: /],
  [
    'a snooze in words',
    `rules:\n${rule('a')}    snooze: 4 hours\n`,
    /rule "a": snooze: "4 hours" is not a duration/,
  ],
  [
    'SQL as a snoozeBy field',
    `rules:\n${rule('a')}    snoozeBy: ["account_id; DROP TABLE moments"]\n`,
    /rule "a": snoozeBy\.0: must be an event field name/,
  ],
  [
    'a quote in a once field',
    `rules:\n${rule('a')}    once: ['feature"']\n`,
    /rule "a": once\.0: must be an event field name/,
  ],
  ['an empty once', `rules:\n${rule('a')}    once: []\n`, /rule "a": once: /],
  ['enabled as text', `rules:\n${rule('a')}    enabled: "yes"\n`, /rule "a": enabled: /],
  ['a misspelt rule key', `rules:\n${rule('a')}    snoze: 4h\n`, /rule "a": snoze: unknown key/],
  ['a rule that is a string', 'rules:\n  - just a string\n', /rule #1: /],
]

function rule(id: string, when = 'true', message = 'm'): string {
  return `  - id: ${id}\n    name: A\n    when: ${JSON.stringify(when)}\n    message: ${message}\n`
}

function collect(): { stream: Writable; text: () => string } {
  let text = ''
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk
      done()
    },
  })
  return { stream, text: () => text }
}

function context(): { ctx: CliContext; stderr: () => string; stdout: () => string } {
  const out = collect()
  const err = collect()
  return {
    ctx: { stdout: out.stream, stderr: err.stream, env, log: silentLog, color: false, interactive: false },
    stderr: err.text,
    stdout: out.text,
  }
}

let serial = 0
function write(yaml: string, rules?: string): string {
  const case_ = join(dir, `case-${++serial}`)
  mkdirSync(case_)
  writeFileSync(join(case_, 'moments.yaml'), yaml)
  if (rules !== undefined) writeFileSync(join(case_, 'rules.yaml'), rules)
  return join(case_, 'moments.yaml')
}

describe(`${CONFIGS.length} bad configs`, () => {
  it.each(CONFIGS)('%s: exit 2, naming the key', async (_, yaml, said) => {
    const { ctx, stderr } = context()
    const code = await runCommand({ config: write(yaml), once: true }, ctx, new AbortController().signal)
    expect(stderr()).toMatch(said)
    expect(code, stderr()).toBe(2)
    expect(stderr()).toMatch(/^moments: the configuration has (a problem|\d+ problems):\n/)
    expect(stderr()).not.toMatch(/\n\s+at /)
  })
})

describe(`${RULES.length} bad rules files`, () => {
  it.each(RULES)('%s: exit 2, naming the rule and its field', async (_, rules, said) => {
    const { ctx, stderr } = context()
    const path = write(`${BASE}rules: ./rules.yaml\n`, rules)
    const code = await runCommand({ config: path, once: true }, ctx, new AbortController().signal)
    expect(stderr()).toMatch(said)
    expect(stderr()).toContain(join(path, '..', 'rules.yaml'))
    expect(code, stderr()).toBe(2)
    expect(stderr()).not.toMatch(/\n\s+at /)
  })

  it('reports every bad rule of a file at once, not just the first', async () => {
    const { ctx, stderr } = context()
    const path = write(
      `${BASE}rules: ./rules.yaml\n`,
      `rules:\n${rule('a', 'event.x ==')}${rule('b')}    snooze: soon\n`,
    )
    expect(await runCommand({ config: path, once: true }, ctx, new AbortController().signal)).toBe(2)
    expect(stderr()).toMatch(/has 2 problems/)
    expect(stderr()).toMatch(/rule "a": when: /)
    expect(stderr()).toMatch(/rule "b": snooze: /)
  })
})

describe('bad command-line values', () => {
  it.each([
    [{ since: 'yesterday-ish' }, /--since/],
    [{ limit: '-1' }, /--limit: "-1" is not a positive whole number/],
    [{ status: 'lost' }, /--status: must be one of delivered, snoozed, failed/],
    [{ severity: 'urgent' }, /--severity: must be one of low, normal, high/],
  ])('history %o: exit 2, naming the flag', async (flags, said) => {
    const { ctx, stderr } = context()
    const code = await historyCommand({ config: write(BASE), ...flags }, ctx)
    expect(stderr()).toMatch(said)
    expect(code).toBe(2)
  })

  it('run --drain-timeout forever: exit 2, naming the flag', async () => {
    const { ctx, stderr } = context()
    const code = await runCommand(
      { config: write(BASE), once: true, drainTimeout: 'forever' },
      ctx,
      new AbortController().signal,
    )
    expect(stderr()).toMatch(/--drain-timeout: "forever" is not a duration/)
    expect(code).toBe(2)
  })
})

describe('through the moments binary', () => {
  it.each([
    ['run', ['run', '--once']],
    ['doctor', ['doctor']],
    ['backtest', ['backtest', '--since', '7d']],
    ['history', ['history']],
  ])('%s with a bad rule and a bad key: exit 2, the places named, no stack trace', async (_, args) => {
    const path = write(
      `${BASE}  pollIntervall: 5s\nrules: ./rules.yaml\n`.replace('salesforce:', 'salesforce:'),
      `rules:\n${rule('a', "event.url.matches('(?=x)')")}`,
    )
    const result = await runCli([...args, '--config', path], env)
    expect(result.code, result.stderr).toBe(2)
    expect(result.stdout + result.stderr).toMatch(/salesforce\.pollIntervall: unknown key/)
    expect(result.stderr + result.stdout).not.toMatch(/\n\s+at /)
  })

  it('a rules file or config that is a FIFO or a device: exit 2 at once, never waiting on it', async () => {
    const fifo = join(dir, 'rules.fifo')
    execFileSync('mkfifo', [fifo])
    for (const rules of [fifo, '/dev/zero']) {
      const result = await runCli(['doctor', '--config', write(`${BASE}rules: ${rules}\n`)], env, 20_000)
      expect(result.code, result.stderr).toBe(2)
      expect(result.stdout).toContain(`rules: cannot read rules file ${rules}: it is not a regular file`)
    }
    const config = await runCli(['run', '--once', '--config', '/dev/zero'], env, 20_000)
    expect(config.stderr).toContain('/dev/zero: cannot read the config file: it is not a regular file')
    expect(config.code).toBe(2)
  })

  it('a config path that is a directory: says so, no stack trace', async () => {
    const result = await runCli(['run', '--once', '--config', dir], env)
    expect(result.stderr).toContain(`${dir}: cannot read the config file: it is a directory`)
    expect(result.code).toBe(2)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('unknown commands and options: exit 2 with usage', async () => {
    for (const args of [['frobnicate'], ['run', '--oncee'], ['backtest'], ['history', '--limit']]) {
      const result = await runCli(args, env)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr).toMatch(/error: |moments --help/)
      expect(result.stderr).not.toMatch(/\n\s+at /)
    }
  })
})
