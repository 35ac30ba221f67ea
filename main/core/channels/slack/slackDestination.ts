import type { SlackSettings } from './slackConfig.ts'

/**
 * The name of the outbox destination a setting posts to: `webhook`, or the bot's channel
 * (`#moments`, `C0123ABCD`, `U0123ABCD`, `@me`). Never the webhook URL: it is a secret.
 */
export function outboxChannel(settings: Pick<SlackSettings, 'webhookUrl' | 'channel'>): string {
  if (settings.webhookUrl) return 'webhook'
  const channel = settings.channel as string
  return /^[a-z0-9]/.test(channel) ? `#${channel}` : channel
}

/** Team mode: the Account lookups whose people are mentioned. */
export function mentionFieldsOf(settings: { mentionFields?: string[] }): string[] {
  return settings.mentionFields ?? ['OwnerId']
}
