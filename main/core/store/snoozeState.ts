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
  const deliveredNear = db.prepare<[string, number, number], { one: number }>(
    `SELECT 1 AS one FROM moments
     WHERE snooze_key = ? AND status = 'delivered' AND occurred_at BETWEEN ? AND ? LIMIT 1`,
  )
  return {
    pendingFolded: (key: string): number => select.get(key)?.pending_folded ?? 0,
    addFolded: (key: string): void => void bump.run(key),
    clearFolded: (key: string): void => void clear.run(key),
    /** A delivered moment of this key within ±windowMs of `occurredAt` (event time). */
    deliveredNear(key: string, occurredAt: number, windowMs: number): boolean {
      return deliveredNear.get(key, occurredAt - windowMs, occurredAt + windowMs) !== undefined
    },
  }
}
