import type { RowAdjustment } from '../../warehouse/rowContract.ts'
import type { EventStage } from './stage.ts'

const MESSAGES: Record<RowAdjustment, string> = {
  'future-occurred-at':
    'recorded a warehouse row at its load time: its occurred_at is more than an hour after it landed',
}

/** Rows taken, but not as they were (an event time after the load time): counted by kind, once per new row. */
export const noteAdjustments: EventStage = (rows, ctx, outcome) => {
  for (const { event, adjusted } of rows) {
    if (!adjusted) continue
    outcome.adjusted[adjusted] = (outcome.adjusted[adjusted] ?? 0) + 1
    ctx.note(`row-adjusted:${adjusted}`, MESSAGES[adjusted], { eventId: event.eventId })
  }
  return rows
}
