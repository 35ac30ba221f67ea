import { z } from 'zod'

// The desktop's non-secret settings, kept in <dataDir>/desktop-settings.json. Secrets live in
// the SecretVault; this file only says whether the user chose Slack, which org, and so on.

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')

export const DEFAULT_WAREHOUSE_QUERY = 'SELECT * FROM enriched_events'

export const desktopSettingsSchema = z.object({
  version: z.literal(1).default(1),
  /** Without its password (that is a secret); null: the demo */
  warehouseUrl: z.string().min(1).nullable().default(null),
  warehouseQuery: z.string().min(1).default(DEFAULT_WAREHOUSE_QUERY),
  pollInterval: z.string().min(1).default('15s'),
  salesforceInstanceUrl: z.string().min(1).nullable().default(null),
  /** The user name of an OAuth sign-in; null with a pasted token or none */
  salesforceSignedInAs: z.string().nullable().default(null),
  /** The signed-in user's Id, so Moments need not ask Salesforce for it */
  salesforceUserId: z.string().nullable().default(null),
  ownerFields: z.array(z.string().min(1)).min(1).default(['OwnerId']),
  slackMode: z.enum(['off', 'webhook', 'bot']).default('off'),
  slackChannel: z.string().min(1).nullable().default(null),
  slackForward: z.enum(['always', 'away']).default('always'),
  awayAfterMinutes: z.number().int().min(1).max(240).default(10),
  rulesPath: z.string().min(1).nullable().default(null),
  quietHours: z
    .strictObject({ enabled: z.boolean(), from: clock, to: clock })
    .default({ enabled: false, from: '20:00', to: '08:00' }),
  launchAtLogin: z.boolean().default(false),
  digestThreshold: z.number().int().min(1).max(1_000).default(5),
})

export type DesktopSettings = z.infer<typeof desktopSettingsSchema>

export function defaultDesktopSettings(): DesktopSettings {
  return desktopSettingsSchema.parse({})
}
