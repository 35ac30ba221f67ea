import { ruleTally } from '../batchOutcome.ts'
import type { MomentStage } from './stage.ts'

/**
 * A moment already recorded (a re-read, a restart, a replay: ids are a hash of rule and event)
 * ends here uncounted; any other match is counted as one.
 */
export const skipRecorded: MomentStage = (candidate, ctx, outcome) => {
  if (ctx.store.moments.exists(candidate.id)) return null
  outcome.matches++
  ruleTally(outcome, candidate.match.rule.id).matches++
  return candidate
}
