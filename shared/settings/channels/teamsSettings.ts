import { z } from 'zod'
import { channelSettings, FORWARD_MODES } from '../channelSettings.ts'
import { secretSetting, setting } from '../settingField.ts'
import { teamsWebhookProblem } from '../trustedHosts.ts'

const MODES = ['off', 'webhook'] as const

export const teamsSettings = channelSettings({
  type: 'teams',
  label: 'Microsoft Teams',
  fields: {
    teamsMode: setting('choice', z.enum(MODES).default('off'), z.enum(MODES)),
    teamsWebhookUrl: secretSetting(z.string().max(2_000), { target: true }),
    teamsForward: setting('choice', z.enum(FORWARD_MODES).default('always'), z.enum(FORWARD_MODES)),
  },
  modeField: 'teamsMode',
  forwardField: 'teamsForward',
  form: {
    modes: [
      ['off', 'Off'],
      ['webhook', 'Workflows webhook'],
    ],
    fields: {
      webhook: [
        {
          name: 'teamsWebhookUrl',
          label: 'Webhook URL',
          help: 'In the Teams channel: Workflows → “Send webhook alerts to a channel”, then copy its URL. Kept in your keychain.',
          placeholder: 'https://…logic.azure.com/workflows/…',
        },
      ],
    },
    testLabel: 'Send test message',
  },
  toConfig(settings, secrets) {
    return settings.teamsMode === 'webhook' ? { webhookUrl: secrets.teamsWebhookUrl ?? undefined } : null
  },
  fieldErrors(values) {
    const problem = values.teamsWebhookUrl ? teamsWebhookProblem(values.teamsWebhookUrl) : null
    return problem ? [{ field: 'teamsWebhookUrl', message: problem }] : []
  },
  missingSecrets(settings, saved) {
    return settings.teamsMode === 'webhook' && !saved.teamsWebhookUrl
      ? [{ field: 'teamsWebhookUrl', message: 'Paste the webhook URL of the Teams workflow' }]
      : []
  },
})
