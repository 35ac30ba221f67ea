import type { BatchContext } from './batchContext.ts'
import { type BatchOutcome, emptyOutcome } from './batchOutcome.ts'
import { advanceCursor } from './stages/advanceCursor.ts'
import { applySnooze } from './stages/applySnooze.ts'
import { attachAccount } from './stages/attachAccount.ts'
import { checkRows } from './stages/checkRows.ts'
import { dropSeen } from './stages/dropSeen.ts'
import { inEventTimeOrder } from './stages/inEventTimeOrder.ts'
import { keepOwned } from './stages/keepOwned.ts'
import { matchEvent } from './stages/matchEvent.ts'
import { noteAdjustments } from './stages/noteAdjustments.ts'
import { onceOnly } from './stages/onceOnly.ts'
import { saveCounts } from './stages/saveCounts.ts'
import { skipRecorded } from './stages/skipRecorded.ts'
import { type Candidate, candidateOf, type EventStage, type MomentStage } from './stages/stage.ts'
import { writeMoment } from './stages/writeMoment.ts'

/** After the row check, the batch-wide stages, in order. */
export const EVENT_STAGES: readonly EventStage[] = [
  dropSeen,
  noteAdjustments,
  keepOwned,
  attachAccount,
  inEventTimeOrder,
]

/** For each rule an event matches, in order; a stage that returns null ends that match there. */
export const MOMENT_STAGES: readonly MomentStage[] = [skipRecorded, onceOnly, applySnooze]

/**
 * One batch of warehouse rows through the pipeline, in ONE transaction together with the cursor
 * that points past them: the row check, then EVENT_STAGES, then each match through the rules and
 * MOMENT_STAGES to the store (with its outbox rows), then the cursor and the counters.
 */
export function recordBatch(rows: readonly Record<string, unknown>[], ctx: BatchContext): BatchOutcome {
  return ctx.store.transaction(() => {
    const outcome = emptyOutcome()
    outcome.rows = rows.length
    let events = checkRows(rows, ctx, outcome)
    for (const stage of EVENT_STAGES) events = stage(events, ctx, outcome)
    for (const { event, account = null } of events) {
      for (const match of matchEvent(event, ctx, outcome, account)) {
        let candidate: Candidate | null = candidateOf(event, match, account)
        for (const stage of MOMENT_STAGES) candidate = candidate && stage(candidate, ctx, outcome)
        if (candidate) writeMoment(candidate, ctx, outcome)
      }
    }
    advanceCursor(rows, ctx)
    saveCounts(outcome, ctx)
    return outcome
  })
}
