import { z } from 'zod'
import { durationField } from './durationField.ts'

// The moments.yaml contract of DESIGN.md. Strict objects: a misspelt key is an error that
// names it, not a silently ignored setting. Additions are documented in README.md.

const salesforceFieldName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be an API field name such as OwnerId or Solutions_Engineer__c')

const salesforceUserId = z
  .string()
  .regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, 'must be a 15- or 18-character Salesforce user Id')

const httpsUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })

export const warehouseSchema = z.strictObject({
  url: z.string().min(1).optional(),
  query: z.string().min(1).default('SELECT * FROM enriched_events'),
  pollInterval: durationField().default(15_000),
  lookback: durationField().default(120_000),
  /** Addition: how far back the very first poll reaches. */
  backfill: durationField().default(86_400_000),
  /** Addition: per-statement timeout, so a stuck warehouse is retried rather than waited on. */
  statementTimeout: durationField().default(60_000),
})

export const salesforceSchema = z.strictObject({
  instanceUrl: httpsUrl,
  accessToken: z.string().min(1),
  userId: salesforceUserId.optional(),
  ownerFields: z.array(salesforceFieldName).min(1).default(['OwnerId']),
  refresh: durationField().default(600_000),
  apiVersion: z
    .string()
    .regex(/^\d+\.\d$/, 'must look like 62.0')
    .optional(),
})

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

export const configFileSchema = z.strictObject({
  warehouse: warehouseSchema.default(() => warehouseSchema.parse({})),
  salesforce: salesforceSchema.optional(),
  /** A rules file path, or an inline list of rules (validated by the rules loader). */
  rules: z.union([z.string().min(1), z.array(z.unknown())]).optional(),
  slack: slackSchema.optional(),
  state: z.string().min(1).optional(),
})

export type ConfigFile = z.infer<typeof configFileSchema>
export type WarehouseSettings = z.infer<typeof warehouseSchema>
export type SalesforceSettings = z.infer<typeof salesforceSchema>
export type SlackSettings = z.infer<typeof slackSchema>
