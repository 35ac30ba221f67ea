import { z } from 'zod'
import { channelConfigShape } from '../channels/registry.ts'
import { ACCOUNT_FIELD_PATH } from '../ownership/accountFields.ts'
import { durationField } from './durationField.ts'
import { salesforceFieldName } from './salesforceFields.ts'

// The moments.yaml contract (docs/config.md). Strict objects: a misspelt key is an error that
// names it, not a silently ignored setting. Additions are documented in README.md.

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
  /**
   * Addition: Account fields rules and messages see as `account.<Field>`; absent: Name, Type and,
   * where the org has them, Industry and AnnualRevenue; [] reads none.
   */
  accountFields: z
    .array(
      z
        .string()
        .regex(
          ACCOUNT_FIELD_PATH,
          'must be an Account field such as Type or Renewal_Date__c, or a lookup field such as Owner.Name',
        ),
    )
    .max(100)
    .optional(),
  refresh: durationField().default(600_000),
  apiVersion: z
    .string()
    .regex(/^\d+\.\d$/, 'must look like 62.0')
    .optional(),
})

export const RETENTION_DEFAULT_MS = 180 * 86_400_000

/** `retention`: 0, or at least a day (a retention of minutes would forget moments as they are made). */
export function retentionField() {
  return durationField()
    .default(RETENTION_DEFAULT_MS)
    .refine((ms) => ms === 0 || ms >= 86_400_000, 'must be 0 (keep everything) or at least 1d, e.g. 180d')
}

export const configFileSchema = z.strictObject({
  warehouse: warehouseSchema.default(() => warehouseSchema.parse({})),
  salesforce: salesforceSchema.optional(),
  /** A rules file path, or an inline list of rules (validated by the rules loader). */
  rules: z.union([z.string().min(1), z.array(z.unknown())]).optional(),
  state: z.string().min(1).optional(),
  /** Addition: how long moments are kept in the state file; 0 keeps them for ever. */
  retention: retentionField(),
  /** One section per notification channel (`slack`, …): see channels/registry.ts */
  ...channelConfigShape,
})

export type ConfigFile = z.infer<typeof configFileSchema>
export type WarehouseSettings = z.infer<typeof warehouseSchema>
export type SalesforceSettings = z.infer<typeof salesforceSchema>
