import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { slackSchema } from '../../../../main/core/channels/slack/slackConfig.ts'
import { sendSlackTestMessage } from '../../../../main/core/channels/slack/slackTestMessage.ts'
import { silentLog } from '../../../support/pipelineFixtures.ts'
import { SlackStandIn } from '../../../support/slackStandIn.ts'

// Settings' "Send test message": the real clients, the stand-in, an answer the window can show.

let slack: SlackStandIn
beforeEach(async () => {
  slack = new SlackStandIn()
  await slack.start()
})
afterEach(async () => slack.close())

const send = (raw: Record<string, unknown>) =>
  sendSlackTestMessage(slackSchema.parse({ timeout: '2s', ...raw }), { salesforce: null, log: silentLog })

describe('a Slack test message', () => {
  it('goes through a webhook', async () => {
    expect(await send({ webhookUrl: slack.webhookUrl })).toEqual({
      ok: true,
      detail: 'Sent a test message to the webhook’s channel',
    })
    expect(slack.messages.map((m) => m.via)).toEqual(['webhook'])
    expect(slack.messages[0]?.text).toContain('Moments can post here')
  })

  it('goes to a channel with a bot token', async () => {
    const answer = await send({ botToken: slack.botToken, channel: '#moments', apiUrl: slack.apiUrl })
    expect(answer).toEqual({ ok: true, detail: 'Sent a test message to #moments' })
    expect(slack.messages.map((m) => m.channel)).toEqual(['#moments'])
  })

  it('says why when Slack refuses it', async () => {
    slack.revokeToken()
    const answer = await send({ botToken: slack.botToken, channel: '#moments', apiUrl: slack.apiUrl })
    expect(answer.ok).toBe(false)
    expect(answer.detail).toMatch(/invalid_auth/)
    expect(answer.detail).not.toContain(slack.botToken)
  })

  it('explains that @me needs Salesforce', async () => {
    const answer = await send({ botToken: slack.botToken, channel: '@me', apiUrl: slack.apiUrl })
    expect(answer).toEqual({ ok: false, detail: expect.stringMatching(/@me needs salesforce settings/) })
  })
})
