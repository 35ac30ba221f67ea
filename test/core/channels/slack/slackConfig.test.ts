import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { outboxChannel } from '../../../../main/core/channels/slack/slackDestination.ts'
import { ConfigError } from '../../../../main/core/config/configErrors.ts'
import { loadConfig } from '../../../../main/core/config/loadConfig.ts'

const BASE = `
warehouse:
  url: postgres://reader@warehouse.example.com:5439/analytics
salesforce:
  instanceUrl: https://example.my.salesforce.com
  accessToken: token
`
const env = { MOMENTS_DATA_DIR: '/tmp/moments-data', SLACK_BOT: 'xoxb-from-env' }

function load(slack: string, base = BASE) {
  const dir = mkdtempSync(join(tmpdir(), 'moments-slack-config-'))
  const path = join(dir, 'moments.yaml')
  writeFileSync(path, `${base}slack:\n${slack}`)
  return loadConfig({ configFlag: path, env })
}

function problems(slack: string, base = BASE): string[] {
  try {
    load(slack, base)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.replace(/^.*moments\.yaml: /, ''))
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('slack: in moments.yaml', () => {
  it('keeps the original webhook config working, with the defaults of every addition', () => {
    expect(load('  webhookUrl: https://hooks.slack.com/services/T1/B1/x\n').channels.slack).toEqual({
      mode: 'personal',
      webhookUrl: 'https://hooks.slack.com/services/T1/B1/x',
      maxAge: 86_400_000,
      pace: 1_000,
      timeout: 10_000,
      drainTimeout: 30_000,
    })
  })

  it('reads a team channel bot, its token from the environment', () => {
    const slack = load(
      '  mode: team\n  botToken: env:SLACK_BOT\n  channel: "#account-moments"\n  mentionFields: [OwnerId, Solutions_Engineer__c]\n  maxAge: 6h\n',
    ).channels.slack
    expect(slack).toMatchObject({
      mode: 'team',
      botToken: 'xoxb-from-env',
      channel: '#account-moments',
      mentionFields: ['OwnerId', 'Solutions_Engineer__c'],
      maxAge: 21_600_000,
    })
  })

  it.each([
    [
      '  webhookUrl: https://hooks.slack.com/services/T/B/C\n  botToken: xoxb-1\n  channel: x\n',
      'slack: set webhookUrl or botToken with channel, not both',
    ],
    [
      '  webhookUrl: https://hooks.slack.com/services/T/B/C\n  channel: "#x"\n',
      'slack.channel: only with botToken (a webhook posts to the channel it was made for)',
    ],
    [
      '  mode: team\n  webhookUrl: https://hooks.slack.com/services/T/B/C\n',
      'slack.webhookUrl: team mode needs botToken and channel (owners are looked up with users.lookupByEmail)',
    ],
    [
      '  mode: team\n  botToken: xoxb-1\n  channel: "@me"\n',
      'slack.channel: team mode posts to a team channel, not @me',
    ],
    [
      '  botToken: xoxb-1\n  channel: "#x"\n  mentionFields: [OwnerId]\n',
      'slack.mentionFields: only with mode: team',
    ],
    [
      '  botToken: xoxb-1\n  channel: "@alice"\n',
      'slack.channel: must be a channel (#moments, C0123ABCD), a member Id for a DM (U0123ABCD) or @me',
    ],
    [
      '  mode: crowd\n  botToken: xoxb-1\n  channel: x\n',
      expect.stringMatching(/^slack\.mode: .*"personal"\|"team"/),
    ],
    [
      '  webhookUrl: https://hooks.slack.com/services/T/B/C\n  maxAge: 0\n',
      'slack.maxAge: must be longer than 0',
    ],
    [
      '  webhookUrl: https://hooks.slack.com/services/T/B/C\n  pace: fast\n',
      expect.stringMatching(/^slack\.pace: "fast" is not a duration/),
    ],
    ['  webhookUrl: https://hooks.slack.com/services/T/B/C\n  retries: 3\n', 'slack.retries: unknown key'],
  ])('names the key of a mistake: %j', (slack, problem) => {
    expect(problems(slack)).toEqual([problem])
  })

  it('still needs Salesforce in team mode, for the owners, and says so', () => {
    expect(
      problems('  mode: team\n  botToken: xoxb-1\n  channel: x\n', 'warehouse:\n  url: postgres://h/db\n'),
    ).toEqual([
      "salesforce: required in Slack team mode, to find each account's owners (instanceUrl, accessToken)",
    ])
  })
})

describe('the outbox channel of a setting', () => {
  it('never holds the webhook URL, and names a channel the same however it is written', () => {
    expect(outboxChannel({ webhookUrl: 'https://hooks.slack.com/services/T/B/secret' })).toBe('webhook')
    expect(outboxChannel({ channel: 'moments' })).toBe('#moments')
    expect(outboxChannel({ channel: '#moments' })).toBe('#moments')
    expect(outboxChannel({ channel: 'C0123ABCD' })).toBe('C0123ABCD')
    expect(outboxChannel({ channel: '@me' })).toBe('@me')
  })
})
