import { z } from 'zod'
import { SEVERITIES } from '../../../shared/moment.ts'
import { durationField } from '../config/durationField.ts'

const fieldName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an event field name such as account_id')

/**
 * Addition: the e-mail drafted by "Reach out", Mustache templates over the event (and `slug.<field>`).
 * `to` defaults to the event's `user_email`; without an address there, the account's contacts.
 */
const reachOutSchema = z.strictObject({
  to: z.string().min(1).optional(),
  subject: z.string().min(1),
  body: z.string().min(1),
})

/** One rule as written in rules.yaml (docs/rules.md). Strict: an unknown key is rejected at load. */
export const ruleSpecSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, ".", "_" or "-"'),
  name: z.string().min(1),
  when: z.string().min(1),
  message: z.string().min(1),
  severity: z.enum(SEVERITIES).default('normal'),
  snooze: durationField().default(0),
  snoozeBy: z.array(fieldName).min(1).default(['account_id']),
  once: z.array(fieldName).min(1).optional(),
  /** Addition: keep a rule in the file but switch it off. */
  enabled: z.boolean().default(true),
  reachOut: reachOutSchema.optional(),
})

export type RuleSpec = z.infer<typeof ruleSpecSchema>

export const rulesFileSchema = z.strictObject({
  rules: z.array(z.unknown()),
})
