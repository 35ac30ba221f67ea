import type { Db } from './openStore.ts'

/** The keyset position of the last row handled: `(loaded_at, event_id)`. */
export interface PollCursor {
  /** As PostgreSQL printed it, to be sent back unchanged as a parameter */
  loadedAt: string
  loadedAtMs: number
  eventId: string
}

export function pollCursorRepo(db: Db) {
  const select = db.prepare<
    [],
    { warehouse: string; loaded_at: string; loaded_at_ms: number; event_id: string }
  >('SELECT warehouse, loaded_at, loaded_at_ms, event_id FROM poll_cursor WHERE id = 1')
  const upsert = db.prepare(
    `INSERT INTO poll_cursor (id, warehouse, loaded_at, loaded_at_ms, event_id, updated_at)
     VALUES (1, @warehouse, @loadedAt, @loadedAtMs, @eventId, @now)
     ON CONFLICT (id) DO UPDATE SET warehouse = excluded.warehouse, loaded_at = excluded.loaded_at,
       loaded_at_ms = excluded.loaded_at_ms, event_id = excluded.event_id, updated_at = excluded.updated_at`,
  )
  return {
    /** The cursor for this warehouse and query; null when there is none yet (or it belongs to another one). */
    get(warehouse: string): PollCursor | null {
      const row = select.get()
      if (!row || row.warehouse !== warehouse) return null
      return { loadedAt: row.loaded_at, loadedAtMs: row.loaded_at_ms, eventId: row.event_id }
    },
    save(warehouse: string, cursor: PollCursor, now: number): void {
      upsert.run({ warehouse, ...cursor, now })
    },
  }
}
