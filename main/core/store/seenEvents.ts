import type { Db } from './openStore.ts'

export type Sighting = 'new' | 'reread' | 'duplicate'

/** Event ids already handled, kept as long as the lookback can bring them back. */
export function seenEventsRepo(db: Db) {
  const insert = db.prepare('INSERT OR IGNORE INTO seen_events (event_id, loaded_at_ms) VALUES (?, ?)')
  const loadedAt = db.prepare<[string], { loaded_at_ms: number }>(
    'SELECT loaded_at_ms FROM seen_events WHERE event_id = ?',
  )
  const prune = db.prepare('DELETE FROM seen_events WHERE loaded_at_ms < ?')
  return {
    /**
     * `reread`: the lookback brought the same row back (expected, not a problem);
     * `duplicate`: another row with an id already used (a data problem, counted).
     */
    sight(eventId: string, loadedAtMs: number): Sighting {
      if (insert.run(eventId, loadedAtMs).changes === 1) return 'new'
      return loadedAt.get(eventId)?.loaded_at_ms === loadedAtMs ? 'reread' : 'duplicate'
    },
    /** The load time an id was first sighted with; null when it is not (or no longer) kept. */
    loadedAt: (eventId: string): number | null => loadedAt.get(eventId)?.loaded_at_ms ?? null,
    pruneBefore(loadedAtMs: number): number {
      return prune.run(loadedAtMs).changes
    },
  }
}
