import type { Db } from './openStore.ts'

/** Per snooze key: the snoozed moments waiting to be folded into the next delivered one. */
export function snoozeStateRepo(db: Db) {
  const select = db.prepare<[string], { pending_folded: number }>(
    'SELECT pending_folded FROM snooze_state WHERE snooze_key = ?',
  )
  const bump = db.prepare(
    `INSERT INTO snooze_state (snooze_key, pending_folded) VALUES (?, 1)
     ON CONFLICT (snooze_key) DO UPDATE SET pending_folded = pending_folded + 1`,
  )
  const clear = db.prepare('DELETE FROM snooze_state WHERE snooze_key = ?')
  // The nearest delivered moment before it, else the nearest after it (migration 8 backfills alike).
  const deliveredNear = db.prepare<[{ key: string; at: number; window: number }], { seq: number }>(
    `SELECT seq FROM moments
     WHERE snooze_key = @key AND status = 'delivered' AND occurred_at BETWEEN @at - @window AND @at + @window
     ORDER BY occurred_at > @at, abs(occurred_at - @at), seq LIMIT 1`,
  )
  return {
    pendingFolded: (key: string): number => select.get(key)?.pending_folded ?? 0,
    addFolded: (key: string): void => void bump.run(key),
    clearFolded: (key: string): void => void clear.run(key),
    /** The seq of a delivered moment of this key within ±windowMs of `occurredAt` (event time); null when none. */
    deliveredNear(key: string, occurredAt: number, windowMs: number): number | null {
      return deliveredNear.get({ key, at: occurredAt, window: windowMs })?.seq ?? null
    },
  }
}
