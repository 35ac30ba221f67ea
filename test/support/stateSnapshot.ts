// What a state file holds, read from the outside (read-only), the way a test checks that nothing
// was lost or recorded twice. Safe while a `moments` process writes it (WAL).
import { existsSync } from 'node:fs'
import Database from 'better-sqlite3'

export interface MomentRecord {
  seq: number
  id: string
  rule: string
  eventId: string
  status: string
  folded: number
}

export interface OutboxRecord {
  momentId: string
  channel: string
  status: string
  attempts: number
  lastError: string | null
}

export interface StateSnapshot {
  moments: MomentRecord[]
  outbox: OutboxRecord[]
  counters: Array<{ scope: string; kind: string; count: number }>
  sync: { lastError: string | null; lastSuccessAt: number | null; lastErrorAt: number | null }
}

export function readState(path: string): StateSnapshot {
  const db = new Database(path, { readonly: true, fileMustExist: true, timeout: 5_000 })
  try {
    const moments = db
      .prepare<
        [],
        { seq: number; id: string; rule_id: string; event_ids: string; status: string; folded: number }
      >('SELECT seq, id, rule_id, event_ids, status, folded FROM moments ORDER BY seq')
      .all()
      .map((r) => ({
        seq: r.seq,
        id: r.id,
        rule: r.rule_id,
        eventId: (JSON.parse(r.event_ids) as string[]).join(','),
        status: r.status,
        folded: r.folded,
      }))
    const outbox = db
      .prepare<
        [],
        { moment_id: string; channel: string; status: string; attempts: number; last_error: string | null }
      >('SELECT moment_id, channel, status, attempts, last_error FROM outbox ORDER BY id')
      .all()
      .map((r) => ({
        momentId: r.moment_id,
        channel: r.channel,
        status: r.status,
        attempts: r.attempts,
        lastError: r.last_error,
      }))
    const counters = db
      .prepare<[], { scope: string; kind: string; count: number }>('SELECT scope, kind, count FROM counters')
      .all()
    const sync = db
      .prepare<
        [],
        { last_error: string | null; last_success_at: number | null; last_error_at: number | null }
      >('SELECT last_error, last_success_at, last_error_at FROM sync_status WHERE id = 1')
      .get()
    return {
      moments,
      outbox,
      counters,
      sync: {
        lastError: sync?.last_error ?? null,
        lastSuccessAt: sync?.last_success_at ?? null,
        lastErrorAt: sync?.last_error_at ?? null,
      },
    }
  } finally {
    db.close()
  }
}

/** Moments recorded so far; 0 while the file or its schema does not exist yet. */
export function momentCount(path: string): number {
  return count(path, 'SELECT count(*) AS n FROM moments')
}

/** Slack forwards still queued; -1 while the file or its schema does not exist yet. */
export function pendingForwards(path: string): number {
  return count(path, "SELECT count(*) AS n FROM outbox WHERE status = 'pending'", -1)
}

function count(path: string, sql: string, fallback = 0): number {
  if (!existsSync(path)) return fallback
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true, timeout: 1_000 })
    try {
      return (db.prepare(sql).get() as { n: number }).n
    } finally {
      db.close()
    }
  } catch {
    return fallback
  }
}
