import type { EventStage } from './stage.ts'

/** Within a poll, events are handled in occurred_at order, so snooze windows see them as they happened. */
export const inEventTimeOrder: EventStage = (rows) =>
  [...rows].sort((a, b) => a.event.occurredAt.getTime() - b.event.occurredAt.getTime())
