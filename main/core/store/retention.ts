import type { Db } from './openStore.ts'

/** What one batch of pruning removed. */
export interface PrunedBatch {
  moments: number
  /** Sent and failed forwards of those moments */
  forwards: number
}

interface Doomed {
  seq: number
  id: string
  title: string
  body: string
  account_name: string
}

/**
 * Forgetting old history (`retention` in moments.yaml): a moment, its full-text entry, its finished
 * forwards and its actions (by the foreign key's cascade) go together. Kept whatever their age: a moment with a forward still pending
 * (the outbox delivers it first), and a delivered moment whose snooze window is still open (the
 * repeats it holds back are judged against it).
 */
export function retentionRepo(db: Db) {
  const oldest = db.prepare<{ before: number; now: number; limit: number }, Doomed>(
    `SELECT seq, id, title, body, account_name FROM moments m INDEXED BY moments_by_occurred_at
     WHERE m.occurred_at < @before
       AND NOT (m.status = 'delivered' AND m.occurred_at + m.snooze_ms > @now)
       AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.moment_id = m.id AND o.status = 'pending')
     ORDER BY m.occurred_at LIMIT @limit`,
  )
  const dropForwards = db.prepare<[string]>('DELETE FROM outbox WHERE moment_id = ?')
  // An external-content FTS5 table forgets a row only when told its old text (migration 7).
  const unindex = db.prepare<[number, string, string, string]>(
    `INSERT INTO moments_fts (moments_fts, rowid, title, body, account_name) VALUES ('delete', ?, ?, ?, ?)`,
  )
  const drop = db.prepare<[number]>('DELETE FROM moments WHERE seq = ?')
  // Repeats of a forgotten delivered moment (younger than it, within its window) stay, as
  // snoozed moments of no thread: the history lists them on their own again.
  const release = db.prepare<[number]>('UPDATE moments SET thread_seq = NULL WHERE thread_seq = ?')
  const pragma = (name: string) => db.pragma(name, { simple: true }) as number

  return {
    /** Removes up to `limit` of the oldest moments that occurred before `before`, in one transaction. */
    pruneBatch(before: number, now: number, limit: number): PrunedBatch {
      return db.transaction(() => {
        const doomed = oldest.all({ before, now, limit })
        let forwards = 0
        for (const moment of doomed) {
          forwards += dropForwards.run(moment.id).changes
          unindex.run(moment.seq, moment.title, moment.body, moment.account_name)
          drop.run(moment.seq)
          release.run(moment.seq)
        }
        return { moments: doomed.length, forwards }
      })()
    },
    /**
     * Gives up to `pages` free pages back to the file system, so the file shrinks. A state file
     * made before incremental vacuum was on is rewritten once with it (a VACUUM: seconds for a
     * large file), the first time there is something to give back.
     */
    shrink(pages: number): number {
      if (pragma('freelist_count') === 0) return 0
      const before = pragma('page_count')
      if (pragma('auto_vacuum') === INCREMENTAL)
        db.pragma(`incremental_vacuum(${Math.max(1, Math.floor(pages))})`)
      else {
        db.pragma('auto_vacuum = INCREMENTAL')
        db.exec('VACUUM')
      }
      return before - pragma('page_count')
    },
    pageSize: (): number => pragma('page_size'),
    /** Pages the file holds but no longer uses: what a shrink can give back */
    freePages: (): number => pragma('freelist_count'),
    /** A bounded step of merging the full-text index's segments, so deleted entries leave it. */
    mergeIndex(pages: number): void {
      db.prepare(`INSERT INTO moments_fts (moments_fts, rank) VALUES ('merge', ?)`).run(Math.floor(pages))
    },
  }
}

const INCREMENTAL = 2

export type RetentionRepo = ReturnType<typeof retentionRepo>
