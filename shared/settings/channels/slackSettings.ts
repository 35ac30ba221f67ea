import { z } from 'zod'
import { channelSettings, FORWARD_MODES } from '../channelSettings.ts'
import { secretSetting, setting } from '../settingField.ts'
import { slackWebhookProblem } from '../trustedHosts.ts'

const MODES = ['off', 'webhook', 'bot'] as const
// As chat.postMessage takes it (same as moments.yaml's slack.channel).
const SLACK_CHANNEL = /^(?:@me|#?[A-Za-z0-9][A-Za-z0-9._-]{0,79})$/

export const slackSettings = channelSettings({
  type: 'slack',
  label: 'Slack',
  fields: {
    slackMode: setting('choice', z.enum(MODES).default('off'), z.enum(MODES)),
    slackWebhookUrl: secretSetting(z.string().max(1_000), { target: true }),
    slackBotToken: secretSetting(z.string().max(1_000)),
    slackChannel: setting('optionalText', z.string().min(1).nullable().default(null), z.string().max(200), {
      target: true,
    }),
    slackForward: setting('choice', z.enum(FORWARD_MODES).default('always'), z.enum(FORWARD_MODES)),
  },
  modeField: 'slackMode',
  forwardField: 'slackForward',
  form: {
    modes: [
      ['off', 'Off'],
      ['webhook', 'Incoming webhook'],
      ['bot', 'Bot token'],
    ],
    fields: {
      webhook: [
        {
          name: 'slackWebhookUrl',
          label: 'Webhook URL',
          help: 'From a Slack app’s Incoming Webhooks page. Kept in your keychain.',
          placeholder: 'https://hooks.slack.com/services/…',
        },
      ],
      bot: [
        { name: 'slackBotToken', label: 'Bot token', help: 'Kept in your keychain.', placeholder: 'xoxb-…' },
        { name: 'slackChannel', label: 'Channel', help: '#moments, C0123ABCD, or @me for a direct message.' },
      ],
    },
    testLabel: 'Send test message',
  },
  toConfig(settings, secrets) {
    if (settings.slackMode === 'off') return null
    return settings.slackMode === 'webhook'
      ? { webhookUrl: secrets.slackWebhookUrl ?? undefined }
      : { botToken: secrets.slackBotToken ?? undefined, channel: settings.slackChannel ?? undefined }
  },
  fieldErrors(values) {
    const errors = []
    if (values.slackWebhookUrl) {
      const problem = slackWebhookProblem(values.slackWebhookUrl)
      if (problem) errors.push({ field: 'slackWebhookUrl', message: problem })
    }
    if (values.slackMode === 'bot' && values.slackChannel !== undefined) {
      const channel = values.slackChannel
      const message = !channel
        ? 'A bot posts to a channel: enter e.g. #moments, C0123ABCD or @me'
        : SLACK_CHANNEL.test(channel)
          ? null
          : 'Must be a channel (#moments, C0123ABCD), a member Id or @me'
      if (message) errors.push({ field: 'slackChannel', message })
    }
    return errors
  },
  missingSecrets(settings, saved) {
    if (settings.slackMode === 'webhook' && !saved.slackWebhookUrl)
      return [{ field: 'slackWebhookUrl', message: 'Paste the incoming-webhook URL Slack gave you' }]
    if (settings.slackMode === 'bot' && !saved.slackBotToken)
      return [{ field: 'slackBotToken', message: 'Paste the bot token (xoxb-…)' }]
    return []
  },
})
