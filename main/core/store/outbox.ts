import type { Db } from './openStore.ts'

/** A forward waiting in the outbox. Times are epoch milliseconds. */
export interface OutboxEntry {
  id: number
  momentId: string
  channel: string
  attempts: number
  nextAttemptAt: number
  createdAt: number
  lastError: string | null
  /** What the last error means (migration 2); null before any error */
  errorKind: OutboxErrorKind | null
}

/** `channel`: the token or the channel is wrong, nothing goes there until fixed (the channel is paused). */
export type OutboxErrorKind = 'retry' | 'channel' | 'message' | 'expired'

/** One forward of a moment, as the history shows it. */
export interface ForwardRow {
  momentId: string
  channel: string
  status: 'pending' | 'sent' | 'failed'
  lastError: string | null
}

/** What doctor shows of one channel's queue. */
export interface OutboxChannelSummary {
  channel: string
  pending: number
  oldestCreatedAt: number
  /** Of the channel's head, the forward that goes next */
  nextAttemptAt: number
  attempts: number
  lastError: string | null
}

export interface OutboxFailure {
  momentId: string
  channel: string
  title: string
  attempts: number
  failedAt: number
  reason: string | null
}

interface EntryRow {
  id: number
  moment_id: string
  channel: string
  attempts: number
  next_attempt_at: number
  created_at: number
  last_error: string | null
  error_kind: OutboxErrorKind | null
}

const ENTRY_COLUMNS = 'id, moment_id, channel, attempts, next_attempt_at, created_at, last_error, error_kind'

/**
 * Forwards to chat channels wait here, one row per moment and destination (`slack:#moments`). A delivered moment gets its outbox row in the same transaction that
 * records it, so a crash can never record a moment and forget to forward it. Each channel is sent
 * in id order (the order moments were recorded): only a channel's head is ever tried.
 */
export function outboxRepo(db: Db) {
  const enqueue = db.prepare(
    'INSERT OR IGNORE INTO outbox (moment_id, channel, next_attempt_at, created_at) VALUES (?, ?, ?, ?)',
  )
  return {
    enqueue: (momentId: string, channel: string, now: number): void =>
      void enqueue.run(momentId, channel, now, now),
    ...sending(db),
    ...reporting(db),
  }
}

/** What the sender needs; these statements use migration 2's columns. */
function sending(db: Db) {
  let statements: ReturnType<typeof prepareSending> | undefined
  // Prepared on first use, so a read-only store still at schema 1 (doctor, history) can open the repo.
  const s = () => {
    statements ??= prepareSending(db)
    return statements
  }
  return {
    /** The oldest pending forward of a channel: the only one that may go next. */
    head(channel: string): OutboxEntry | null {
      const row = s().head.get(channel)
      return row ? fromRow(row) : null
    },
    /**
     * Takes the forward for sending until `until`, unless another sender holds it. After a crash
     * the lease simply runs out, and the forward is sent again (at most one duplicate).
     */
    lease: (id: number, now: number, until: number): boolean =>
      s().lease.run({ id, now, until }).changes === 1,
    markSent: (id: number, now: number, ref: string | null): void => void s().sent.run({ id, now, ref }),
    /** A failed attempt that will be tried again at `nextAttemptAt`. */
    markRetry: (id: number, nextAttemptAt: number, error: string, kind: 'retry' | 'channel'): void =>
      void s().retry.run({ id, nextAttemptAt, error, kind }),
    /** Given up: kept, with the reason, for doctor and `history --status failed`. */
    markFailed: (
      id: number,
      now: number,
      error: string,
      {
        attempted,
        kind = attempted ? 'message' : 'expired',
      }: { attempted: boolean; kind?: 'message' | 'expired' },
    ): void => void s().failed.run({ id, now, error, kind, attempted: attempted ? 1 : 0 }),
    /** Pending forwards of any channel recorded at or before `createdBefore`. */
    expired(createdBefore: number): OutboxEntry[] {
      return s().expired.all(createdBefore).map(fromRow)
    },
  }
}

function prepareSending(db: Db) {
  return {
    head: db.prepare<[string], EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM outbox WHERE channel = ? AND status = 'pending' ORDER BY id LIMIT 1`,
    ),
    lease: db.prepare(
      `UPDATE outbox SET lease_until = @until
       WHERE id = @id AND status = 'pending' AND (lease_until IS NULL OR lease_until <= @now)`,
    ),
    sent: db.prepare(
      `UPDATE outbox SET status = 'sent', sent_at = @now, sent_ref = @ref, attempts = attempts + 1,
         lease_until = NULL, last_error = NULL, error_kind = NULL
       WHERE id = @id`,
    ),
    retry: db.prepare(
      `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @nextAttemptAt, last_error = @error,
         error_kind = @kind, lease_until = NULL
       WHERE id = @id AND status = 'pending'`,
    ),
    failed: db.prepare(
      `UPDATE outbox SET status = 'failed', attempts = attempts + @attempted, last_error = @error,
         error_kind = @kind, next_attempt_at = @now, lease_until = NULL
       WHERE id = @id AND status = 'pending'`,
    ),
    expired: db.prepare<[number], EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM outbox WHERE status = 'pending' AND created_at <= ? ORDER BY id`,
    ),
  }
}

/** Counts and reasons for doctor and the desktop; schema 1 columns only (read-only stores). */
function reporting(db: Db) {
  return {
    counts(): { pending: number; sent: number; failed: number } {
      const rows = db
        .prepare<[], { status: string; n: number }>(
          'SELECT status, count(*) AS n FROM outbox GROUP BY status',
        )
        .all()
      const count = (status: string) => rows.find((r) => r.status === status)?.n ?? 0
      return { pending: count('pending'), sent: count('sent'), failed: count('failed') }
    },
    pendingByChannel(): OutboxChannelSummary[] {
      return db
        .prepare<[], OutboxChannelSummary>(
          `SELECT o.channel, q.pending, q.oldestCreatedAt, o.next_attempt_at AS nextAttemptAt, o.attempts,
             o.last_error AS lastError
           FROM (SELECT channel, count(*) AS pending, min(created_at) AS oldestCreatedAt, min(id) AS headId
                 FROM outbox WHERE status = 'pending' GROUP BY channel) q
           JOIN outbox o ON o.id = q.headId
           ORDER BY o.channel`,
        )
        .all()
    },
    /** Every forward of these moments, any channel. */
    forwardsOf(momentIds: readonly string[]): ForwardRow[] {
      if (momentIds.length === 0) return []
      return db
        .prepare<string[], ForwardRow>(
          `SELECT moment_id AS momentId, channel, status, last_error AS lastError FROM outbox
           WHERE moment_id IN (${momentIds.map(() => '?').join(', ')})`,
        )
        .all(...momentIds)
    },
    /** The most recent failures first. */
    failures(limit: number): OutboxFailure[] {
      return db
        .prepare<[number], OutboxFailure>(
          `SELECT o.moment_id AS momentId, o.channel, m.title, o.attempts, o.next_attempt_at AS failedAt,
             o.last_error AS reason
           FROM outbox o JOIN moments m ON m.id = o.moment_id
           WHERE o.status = 'failed' ORDER BY o.id DESC LIMIT ?`,
        )
        .all(limit)
    },
  }
}

function fromRow(row: EntryRow): OutboxEntry {
  return {
    id: row.id,
    momentId: row.moment_id,
    channel: row.channel,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    lastError: row.last_error,
    errorKind: row.error_kind,
  }
}
