import type { PollCursor } from '../../store/pollCursor.ts'
import { checkRow } from '../../warehouse/rowContract.ts'
import type { BatchContext } from '../batchContext.ts'

/**
 * The cursor past this batch, in the batch's transaction: after a crash either all of the batch
 * happened or none of it did. Replays (`warehouseKey` null) leave the user's cursor alone.
 */
export function advanceCursor(rows: readonly Record<string, unknown>[], ctx: BatchContext): void {
  const cursor = lastKey(rows, ctx.heldAfter)
  if (!cursor || ctx.warehouseKey === null) return
  ctx.store.cursor.save(ctx.warehouseKey, cursor, ctx.now)
  // Ids older than the lookback can't be read again by the keyset, so they needn't be kept.
  ctx.store.seen.pruneBefore(cursor.loadedAtMs - ctx.lookbackMs - 60_000)
}

/** The keyset position after the batch: its last row that has a usable (loaded_at, event_id). */
function lastKey(rows: readonly Record<string, unknown>[], heldAfter: number | undefined): PollCursor | null {
  for (let i = rows.length - 1; i >= 0; i--) {
    const verdict = checkRow(rows[i] as Record<string, unknown>, { heldAfter })
    if (verdict.ok) {
      return {
        loadedAt: verdict.event.loadedAtRaw,
        loadedAtMs: verdict.event.loadedAt.getTime(),
        eventId: verdict.event.eventId,
      }
    }
  }
  return null
}
