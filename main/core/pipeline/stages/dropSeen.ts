import type { Sighting } from '../../store/seenEvents.ts'
import type { BatchContext } from '../batchContext.ts'
import { rowFingerprint } from './rowFingerprint.ts'
import type { CheckedRow, EventStage } from './stage.ts'

/**
 * De-duplication by event id. The lookback brings rows back on purpose (a re-read: dropped
 * quietly); another row with an id already used is a data problem, counted once per copy.
 */
export const dropSeen: EventStage = (rows, ctx, outcome) => {
  const sight = batchSightings(rows, ctx)
  return rows.filter(({ event, row }) => {
    const sighting = sight(event.eventId, event.loadedAt.getTime())
    if (sighting === 'new') return true
    if (sighting === 'reread') return false
    // The same duplicate row comes back with every poll whose lookback covers it: count it once.
    const copy = `dup:${rowFingerprint(row)}`
    if (ctx.store.seen.sight(copy, Math.max(ctx.now, event.loadedAt.getTime())) !== 'new') return false
    outcome.duplicates++
    ctx.note('row:duplicate-event-id', 'skipped a row whose event_id was already used', {
      eventId: event.eventId,
    })
    return false
  })
}

/**
 * Sightings for one batch. Once the batch commits, its cursor prunes every id loaded more than
 * the lookback (and a minute) before its last row (advanceCursor): in a catch-up that is nearly
 * every row, so writing those ids only to delete them again cost two writes per row. They are
 * looked up instead and remembered for this batch alone; the answers are the same.
 */
function batchSightings(rows: readonly CheckedRow[], ctx: BatchContext) {
  const last = rows.at(-1)
  const prunedBefore =
    ctx.warehouseKey === null || !last
      ? Number.NEGATIVE_INFINITY
      : last.event.loadedAt.getTime() - ctx.lookbackMs - 60_000
  const unwritten = new Map<string, number>()
  return (eventId: string, loadedAtMs: number): Sighting => {
    const earlier = unwritten.get(eventId) ?? null
    if (earlier === null && loadedAtMs >= prunedBefore) return ctx.store.seen.sight(eventId, loadedAtMs)
    const known = earlier ?? ctx.store.seen.loadedAt(eventId)
    if (known === null) {
      unwritten.set(eventId, loadedAtMs)
      return 'new'
    }
    return known === loadedAtMs ? 'reread' : 'duplicate'
  }
}
