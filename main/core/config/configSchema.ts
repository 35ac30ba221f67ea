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

export const slackSchema = z
  .strictObject({
    webhookUrl: httpsUrl.optional(),
    botToken: z.string().min(1).optional(),
    channel: z.string().min(1).optional(),
    apiUrl: httpsUrl.optional(),
  })
  .superRefine((slack, ctx) => {
    if (!slack.webhookUrl && !slack.botToken) {
      ctx.addIssue({ code: 'custom', message: 'needs webhookUrl, or botToken with channel' })
    }
    if (slack.botToken && !slack.channel) {
      ctx.addIssue({ code: 'custom', path: ['channel'], message: 'is required with botToken' })
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
