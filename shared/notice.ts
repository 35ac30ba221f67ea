// What a notification and the tray menu need of a moment: a few fields, never its event (which
// can be large). Schemas, since these cross from the pipeline worker to the main process.
import { z } from 'zod'
import { type Moment, SEVERITIES } from './moment.ts'

export const noticeMomentSchema = z.strictObject({
  id: z.string(),
  rule: z.string(),
  ruleName: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  severity: z.enum(SEVERITIES),
  title: z.string(),
  body: z.string(),
})
export type NoticeMoment = z.infer<typeof noticeMomentSchema>

/** The tray menu's latest moments (● when unread). */
export const latestMomentSchema = z.strictObject({ id: z.string(), title: z.string(), read: z.boolean() })
export type LatestMoment = z.infer<typeof latestMomentSchema>

/** A digest opens the history filtered to its moments; the filter takes at most 1,000 ids. */
export const HELD_LIMIT = 1_000

/** The notice of a moment: exactly its fields of the same names. */
export function noticeOf(moment: Moment): NoticeMoment {
  const { id, rule, ruleName, accountId, accountName, severity, title, body } = moment
  return { id, rule, ruleName, accountId, accountName, severity, title, body }
}
