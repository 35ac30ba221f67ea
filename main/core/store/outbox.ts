import type { Db } from './openStore.ts'

/**
 * Slack forwards wait here. A delivered moment gets its outbox row in the same transaction that
 * records it, so a crash can never record a moment and forget to forward it.
 */
export function outboxRepo(db: Db) {
  const enqueue = db.prepare(
    'INSERT OR IGNORE INTO outbox (moment_id, channel, next_attempt_at, created_at) VALUES (?, ?, ?, ?)',
  )
  return {
    enqueue: (momentId: string, channel: string, now: number): void =>
      void enqueue.run(momentId, channel, now, now),
  }
}
