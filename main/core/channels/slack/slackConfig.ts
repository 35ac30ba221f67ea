import { z } from 'zod'
import { durationField } from '../../config/durationField.ts'
import { salesforceFieldName } from '../../config/salesforceFields.ts'

// moments.yaml's `slack:` section. Strict: a misspelt key is an error that names it.

const httpsUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })

// A channel as chat.postMessage takes it: `#name`, `name`, an Id (C…, G…), a member Id (U…, W…:
// the bot's DM with that person), or `@me` (your own DM, found by your Salesforce e-mail).
const slackChannel = z
  .string()
  .regex(
    /^(?:@me|#?[A-Za-z0-9][A-Za-z0-9._-]{0,79})$/,
    'must be a channel (#moments, C0123ABCD), a member Id for a DM (U0123ABCD) or @me',
  )

export const slackSchema = z
  .strictObject({
    /** Addition: `personal` (you alone) or `team` (one bot for a team channel, mentioning each owner). */
    mode: z.enum(['personal', 'team']).default('personal'),
    webhookUrl: httpsUrl.optional(),
    botToken: z.string().min(1).optional(),
    channel: slackChannel.optional(),
    apiUrl: httpsUrl.optional(),
    /** Addition, team mode: the Account lookups whose people are mentioned; default [OwnerId]. */
    mentionFields: z.array(salesforceFieldName).min(1).optional(),
    /** Addition: a forward not delivered within this age is given up and marked failed. */
    maxAge: durationField().default(86_400_000),
    /** Addition: the least time between two messages to one channel (Slack allows about 1/s). */
    pace: durationField().default(1_000),
    /** Addition: per Slack request. */
    timeout: durationField().default(10_000),
    /** Addition: how long `run --once` keeps delivering queued forwards before it exits. */
    drainTimeout: durationField().default(30_000),
  })
  .superRefine((slack, ctx) => {
    if (!slack.webhookUrl && !slack.botToken) {
      ctx.addIssue({ code: 'custom', message: 'needs webhookUrl, or botToken with channel' })
    }
    if (slack.webhookUrl && slack.botToken) {
      ctx.addIssue({ code: 'custom', message: 'set webhookUrl or botToken with channel, not both' })
    }
    if (slack.botToken && !slack.channel) {
      ctx.addIssue({ code: 'custom', path: ['channel'], message: 'is required with botToken' })
    }
    if (slack.webhookUrl && !slack.botToken && slack.channel) {
      ctx.addIssue({
        code: 'custom',
        path: ['channel'],
        message: 'only with botToken (a webhook posts to the channel it was made for)',
      })
    }
    for (const key of ['maxAge', 'timeout'] as const) {
      if (slack[key] <= 0) ctx.addIssue({ code: 'custom', path: [key], message: 'must be longer than 0' })
    }
    if (slack.mode === 'team') {
      if (slack.webhookUrl) {
        ctx.addIssue({
          code: 'custom',
          path: ['webhookUrl'],
          message: 'team mode needs botToken and channel (owners are looked up with users.lookupByEmail)',
        })
      }
      if (slack.channel === '@me') {
        ctx.addIssue({
          code: 'custom',
          path: ['channel'],
          message: 'team mode posts to a team channel, not @me',
        })
      }
    } else if (slack.mentionFields) {
      ctx.addIssue({ code: 'custom', path: ['mentionFields'], message: 'only with mode: team' })
    }
  })

export type SlackSettings = z.infer<typeof slackSchema>
