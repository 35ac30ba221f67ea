import { hash } from 'node:crypto'

/**
 * Deterministic: the same rule on the same event is always the same moment, so a re-read, a
 * restart or a replay can never record (or forward) it twice. One-shot `hash` of the same bytes
 * as before (rule, NUL, event id): no Hash object per candidate, which a catch-up makes by the
 * hundred thousand.
 */
export function momentId(ruleId: string, eventId: string): string {
  return hash('sha256', `${ruleId}\0${eventId}`, 'hex').slice(0, 24)
}
