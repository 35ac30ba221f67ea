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
  // Positional: it runs for every moment of a rule that snoozes, and binding named parameters costs a
  // lookup per name (3 % of a catch-up's CPU in a profile).
  const deliveredNear = db.prepare<[string, number, number, number, number, number, number], { seq: number }>(
    `SELECT seq FROM moments
     WHERE snooze_key = ? AND status = 'delivered' AND occurred_at BETWEEN ? - ? AND ? + ?
     ORDER BY occurred_at > ?, abs(occurred_at - ?), seq LIMIT 1`,
  )
  return {
    pendingFolded: (key: string): number => select.get(key)?.pending_folded ?? 0,
    addFolded: (key: string): void => void bump.run(key),
    clearFolded: (key: string): void => void clear.run(key),
    /** The seq of a delivered moment of this key within ±windowMs of `occurredAt` (event time); null when none. */
    deliveredNear(key: string, occurredAt: number, windowMs: number): number | null {
      const at = occurredAt
      return deliveredNear.get(key, at, windowMs, at, windowMs, at, at)?.seq ?? null
    },
  }
}
