import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { slackAuthCheck, slackFormatCheck } from '../../../../main/core/channels/slack/slackChecks.ts'
import { slackSchema } from '../../../../main/core/channels/slack/slackConfig.ts'
import { silentLog } from '../../../support/pipelineFixtures.ts'
import { SlackStandIn } from '../../../support/slackStandIn.ts'

// doctor's Slack checks: shapes, auth.test and scopes; nothing is posted.

const settings = (raw: Record<string, unknown>) => slackSchema.parse(raw)

describe('the shape of the Slack settings', () => {
  it('accepts an incoming webhook of hooks.slack.com, and shows it without its secret', () => {
    const check = slackFormatCheck(
      settings({ webhookUrl: 'https://hooks.slack.com/services/T0123/B0456/abcSECRETdef' }),
    )
    expect(check.verdict).toBe('ok')
    expect(check.detail).toMatch(
      /^personal: an incoming webhook \(hooks\.slack\.com\/services\/T0123\/B0456\/…\)/,
    )
    expect(check.detail).not.toContain('abcSECRETdef')
  })

  it.each([
    [{ webhookUrl: 'http://hooks.example.com/services/T/B/C' }, 'fail', /slack\.webhookUrl: must be https/],
    [{ webhookUrl: 'https://proxy.example.com/slack' }, 'warn', /not a hooks\.slack\.com\/services/],
    [{ botToken: 'xoxp-123', channel: 'x' }, 'warn', /a user token \(xoxp-\)/],
    [{ botToken: 'xapp-1-A', channel: 'x' }, 'fail', /an app-level token \(xapp-\) cannot post/],
    [{ botToken: 'not-a-token', channel: 'x' }, 'fail', /does not look like a bot token/],
    [
      { botToken: 'xoxb-1-2', channel: 'x', apiUrl: 'http://slack.example.com/api/' },
      'fail',
      /slack\.apiUrl: must be https/,
    ],
  ])('%j: %s', (raw, verdict, detail) => {
    const check = slackFormatCheck(settings(raw))
    expect(check.verdict).toBe(verdict)
    expect(check.detail).toMatch(detail)
  })
})

describe('auth.test', () => {
  let slack: SlackStandIn
  beforeEach(async () => {
    slack = new SlackStandIn()
    await slack.start()
  })
  afterEach(() => slack.close())

  const bot = (extra: Record<string, unknown> = {}) =>
    settings({ botToken: slack.botToken, channel: '#moments', apiUrl: slack.apiUrl, ...extra })

  it('names the bot, the workspace and the scopes, and posts nothing', async () => {
    const check = await slackAuthCheck(bot(), silentLog)
    expect(check).toMatchObject({ verdict: 'ok', kind: 'service' })
    expect(check.detail).toBe(
      'auth.test: moments in Stand-in Workspace (https://standin.slack.com/)\nscopes: chat:write, users:read, users:read.email',
    )
    expect(slack.requests.map((r) => r.kind)).toEqual(['authTest'])
  })

  it('fails without chat:write, and warns when a team channel cannot look owners up', async () => {
    slack.scopes = ['users:read']
    expect((await slackAuthCheck(bot(), silentLog)).verdict).toBe('fail')
    slack.scopes = ['chat:write']
    const team = await slackAuthCheck(bot({ mode: 'team' }), silentLog)
    expect(team.verdict).toBe('warn')
    expect(team.detail).toMatch(/missing scope users:read\.email: owners are named, not mentioned/)
  })

  it("fails with Slack's reason for a refused token or an unreachable Slack", async () => {
    slack.revokeToken()
    expect((await slackAuthCheck(bot(), silentLog)).detail).toMatch(/^auth\.test: Slack: invalid_auth/)
    const apiUrl = slack.apiUrl
    await slack.close()
    expect((await slackAuthCheck(bot({ apiUrl }), silentLog)).detail).toBe(
      'auth.test: Slack: cannot connect (ECONNREFUSED)',
    )
  })
})
