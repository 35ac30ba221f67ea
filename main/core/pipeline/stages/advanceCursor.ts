import type { PollCursor } from '../../store/pollCursor.ts'
import type { Store } from '../../store/store.ts'
import { parseContractTimestamp } from '../../warehouse/contractTimestamp.ts'
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

export interface WarehouseClockContext {
  store: Store
  warehouseKey: string
  lookbackMs: number
  /** Rows loaded after this (epoch ms) are held until their time: the cursor goes no further */
  heldAfter: number
  now: number
}

/**
 * After a poll's read has run to its end: the cursor to the warehouse's clock at the start of the
 * read's transaction, when that is later than the last row taken. A quiet book's cursor would
 * otherwise stay at its last row, and every poll would re-read the whole warehouse's rows since
 * then (the view cannot filter every branch by account through an index).
 *
 * No late row is lost by it: a row not yet committed when the read began either has a `loaded_at`
 * within the lookback before that time, and the next poll (which starts a lookback before the
 * cursor) reads it, or was committed more than a lookback after its `loaded_at`, which the lookback
 * never promised to catch. It needs the loader's stamps and the warehouse's clock to agree to
 * well within the lookback: a `loaded_at` stamped by the warehouse itself (`DEFAULT now()`,
 * `GETDATE()`) does. With no lookback the cursor stays on the last row: that is all it promises.
 */
export function advanceToWarehouseClock(startedAt: string, ctx: WarehouseClockContext): boolean {
  if (ctx.lookbackMs <= 0) return false
  const at = parseContractTimestamp(startedAt)
  // A warehouse clock far ahead of this machine's: the rows' stamps may not follow it.
  if (at === null || at > ctx.heldAfter) return false
  const current = ctx.store.cursor.get(ctx.warehouseKey)
  if (current && current.loadedAtMs >= at) return false
  ctx.store.transaction(() => {
    ctx.store.cursor.save(ctx.warehouseKey, { loadedAt: startedAt, loadedAtMs: at, eventId: '' }, ctx.now)
    ctx.store.seen.pruneBefore(at - ctx.lookbackMs - 60_000)
  })
  return true
}
