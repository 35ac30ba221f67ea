import type { Db } from './openStore.ts'

export interface SyncStatus {
  lastSuccessAt: number | null
  lastAttemptAt: number | null
  lastError: string | null
  lastErrorAt: number | null
}

/** The last poll's outcome, for the tray tooltip, the history header and `doctor`. */
export function syncStatusRepo(db: Db) {
  const select = db.prepare<
    [],
    {
      last_success_at: number | null
      last_attempt_at: number | null
      last_error: string | null
      last_error_at: number | null
    }
  >('SELECT last_success_at, last_attempt_at, last_error, last_error_at FROM sync_status WHERE id = 1')
  const success = db.prepare(
    `INSERT INTO sync_status (id, last_success_at, last_attempt_at, last_error) VALUES (1, ?, ?, NULL)
     ON CONFLICT (id) DO UPDATE SET last_success_at = excluded.last_success_at,
       last_attempt_at = excluded.last_attempt_at, last_error = NULL`,
  )
  const failure = db.prepare(
    `INSERT INTO sync_status (id, last_attempt_at, last_error, last_error_at) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET last_attempt_at = excluded.last_attempt_at,
       last_error = excluded.last_error, last_error_at = excluded.last_error_at`,
  )
  return {
    get(): SyncStatus {
      const r = select.get()
      return {
        lastSuccessAt: r?.last_success_at ?? null,
        lastAttemptAt: r?.last_attempt_at ?? null,
        lastError: r?.last_error ?? null,
        lastErrorAt: r?.last_error_at ?? null,
      }
    },
    recordSuccess: (now: number): void => void success.run(now, now),
    recordFailure: (reason: string, now: number): void => void failure.run(now, reason, now),
  }
}
