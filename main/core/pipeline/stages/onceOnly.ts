import { ruleTally } from '../batchOutcome.ts'
import type { MomentStage } from './stage.ts'

/** `once`: only the first event with the rule's once-values ever becomes a moment. */
export const onceOnly: MomentStage = (candidate, ctx, outcome) => {
  const { match, event } = candidate
  if (match.onceKey === null || ctx.store.once.claim(match.rule.id, match.onceKey, event.eventId)) {
    return candidate
  }
  outcome.suppressed++
  ruleTally(outcome, match.rule.id).suppressed++
  return null
}
