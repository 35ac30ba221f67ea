import type { BatchContext } from '../batchContext.ts'
import type { BatchOutcome } from '../batchOutcome.ts'

/** Skipped, adjusted and duplicate rows, added to the counters `moments doctor` shows. */
export function saveCounts(outcome: BatchOutcome, ctx: BatchContext): void {
  const { counters } = ctx.store
  for (const [kind, n] of Object.entries(outcome.skipped)) counters.add('row', kind, n, null, ctx.now)
  for (const [kind, n] of Object.entries(outcome.adjusted))
    counters.add('row-adjusted', kind, n, null, ctx.now)
  if (outcome.duplicates > 0) counters.add('row', 'duplicate-event-id', outcome.duplicates, null, ctx.now)
}
