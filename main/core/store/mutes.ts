import type { Db } from './openStore.ts'

export type MuteKind = 'account' | 'rule'

export interface Mute {
  kind: MuteKind
  target: string
  until: number
}

/** "Snooze this account for a day", "Mute this rule": set by the user, in wall-clock time. */
export function mutesRepo(db: Db) {
  const upsert = db.prepare(
    `INSERT INTO mutes (kind, target, until) VALUES (?, ?, ?)
     ON CONFLICT (kind, target) DO UPDATE SET until = excluded.until`,
  )
  const remove = db.prepare('DELETE FROM mutes WHERE kind = ? AND target = ?')
  const active = db.prepare<[string, string, number], { until: number }>(
    'SELECT until FROM mutes WHERE kind = ? AND target = ? AND until > ?',
  )
  const list = db.prepare<[number], Mute>(
    'SELECT kind, target, until FROM mutes WHERE until > ? ORDER BY until',
  )
  return {
    set: (kind: MuteKind, target: string, until: number): void => void upsert.run(kind, target, until),
    clear: (kind: MuteKind, target: string): void => void remove.run(kind, target),
    activeUntil: (kind: MuteKind, target: string, now: number): number | null =>
      active.get(kind, target, now)?.until ?? null,
    listActive: (now: number): Mute[] => list.all(now),
  }
}
