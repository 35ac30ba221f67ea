import { createHash } from 'node:crypto'

/**
 * Deterministic: the same rule on the same event is always the same moment, so a re-read, a
 * restart or a replay can never record (or forward) it twice.
 */
export function momentId(ruleId: string, eventId: string): string {
  return createHash('sha256').update(ruleId).update('\0').update(eventId).digest('hex').slice(0, 24)
}
