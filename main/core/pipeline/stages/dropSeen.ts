import { rowFingerprint } from './rowFingerprint.ts'
import type { EventStage } from './stage.ts'

/**
 * De-duplication by event id. The lookback brings rows back on purpose (a re-read: dropped
 * quietly); another row with an id already used is a data problem, counted once per copy.
 */
export const dropSeen: EventStage = (rows, ctx, outcome) =>
  rows.filter(({ event, row }) => {
    const sighting = ctx.store.seen.sight(event.eventId, event.loadedAt.getTime())
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
