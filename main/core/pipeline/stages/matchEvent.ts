import type { AccountContext } from '../../rules/accountContext.ts'
import { matchRules, type RuleMatch } from '../../rules/matchRules.ts'
import type { WarehouseEvent } from '../../warehouse/warehouseEvent.ts'
import type { BatchContext } from '../batchContext.ts'
import type { BatchOutcome } from '../batchOutcome.ts'

/** The rules over one event and its account. An expression that errors on it is no match, counted per rule. */
export function matchEvent(
  event: WarehouseEvent,
  ctx: BatchContext,
  outcome: BatchOutcome,
  account: AccountContext | null = null,
): RuleMatch[] {
  const { matches, failures } = matchRules(event, ctx.rules, account ?? undefined)
  for (const failure of failures) {
    outcome.ruleErrors++
    ctx.store.counters.add(`rule:${failure.ruleId}`, 'error', 1, failure.error, ctx.now)
    ctx.note(`rule:${failure.ruleId}`, `rule ${failure.ruleId} failed on an event; counted as no match`, {
      eventId: event.eventId,
      error: failure.error,
    })
  }
  return matches
}
