import type { AccountContext } from '../../rules/accountContext.ts'
import type { RuleMatch } from '../../rules/matchRules.ts'
import type { SnoozeDecision } from '../../snooze/snoozeDecision.ts'
import type { RowAdjustment } from '../../warehouse/rowContract.ts'
import type { WarehouseEvent } from '../../warehouse/warehouseEvent.ts'
import type { BatchContext } from '../batchContext.ts'
import type { BatchOutcome } from '../batchOutcome.ts'
import { momentId } from '../momentId.ts'

/** A row that passed the contract check, on its way through the batch's stages. */
export interface CheckedRow {
  event: WarehouseEvent
  adjusted: RowAdjustment | null
  /** As the warehouse returned it: its fingerprint tells copies of a row apart */
  row: Record<string, unknown>
  /** Its account's fields (set by `attachAccount`); null when the book has none for it */
  account?: AccountContext | null
}

/** A batch-wide stage: takes the rows still in the running, returns those that go on. */
export type EventStage = (rows: CheckedRow[], ctx: BatchContext, outcome: BatchOutcome) => CheckedRow[]

/** One rule matching one event: a moment in the making. */
export interface Candidate {
  id: string
  event: WarehouseEvent
  match: RuleMatch
  /** The account's fields the rule saw */
  account: AccountContext | null
  /** Set by the snooze stage */
  decision?: SnoozeDecision
}

/** A per-match stage: the candidate as it goes on, or null when it ends here (counted by the stage). */
export type MomentStage = (candidate: Candidate, ctx: BatchContext, outcome: BatchOutcome) => Candidate | null

export function candidateOf(
  event: WarehouseEvent,
  match: RuleMatch,
  account: AccountContext | null = null,
): Candidate {
  return { id: momentId(match.rule.id, event.eventId), event, match, account }
}
