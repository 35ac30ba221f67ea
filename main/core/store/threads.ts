import { ftsMatchExpression } from './historyQuery.ts'
import { fromRow, type MomentRow, type StoredMoment } from './moments.ts'
import type { Db } from './openStore.ts'

/** A delivered moment's snoozed repeats (migration 8), as its thread in the history shows them. */
export interface ThreadRepeats {
  count: number
  /** Event time of the newest, in ms */
  lastAt: number
}

const MATCHING = 'SELECT rowid FROM moments_fts WHERE moments_fts MATCH @match'

export function threadsRepo(db: Db) {
  const page = (matching: boolean) =>
    db.prepare<Record<string, unknown>, MomentRow>(
      `SELECT * FROM moments INDEXED BY moments_by_thread WHERE thread_seq = @seq
       ${matching ? `AND seq IN (${MATCHING})` : ''}
       ORDER BY occurred_at DESC, seq DESC LIMIT @limit OFFSET @offset`,
    )
  const pages = { all: page(false), matching: page(true) }
  const seqOf = db.prepare<[string], { seq: number }>('SELECT seq FROM moments WHERE id = ?')
  const idOf = db.prepare<[number], { id: string }>('SELECT id FROM moments WHERE seq = ?')

  /**
   * Per delivered moment (by seq), its repeats' count and newest time; only those matching
   * `search` when one is given. Moments without repeats are absent.
   */
  function repeatsOf(seqs: readonly number[], search?: string): Map<number, ThreadRepeats> {
    const result = new Map<number, ThreadRepeats>()
    if (seqs.length === 0) return result
    const match = search ? ftsMatchExpression(search) : null
    const params: Record<string, unknown> = {}
    const names = seqs.map((seq, i) => {
      params[`s${i}`] = seq
      return `@s${i}`
    })
    if (match) params.match = match
    const rows = db
      .prepare<Record<string, unknown>, { seq: number; n: number; last: number }>(
        `SELECT thread_seq AS seq, count(*) AS n, max(occurred_at) AS last
           FROM moments INDEXED BY moments_by_thread
           WHERE thread_seq IN (${names.join(', ')}) ${match ? `AND seq IN (${MATCHING})` : ''}
           GROUP BY thread_seq`,
      )
      .all(params)
    for (const row of rows) result.set(row.seq, { count: row.n, lastAt: row.last })
    return result
  }

  return {
    repeatsOf,
    /** A page of a delivered moment's repeats, newest first (those matching `search` when given). */
    repeats(
      momentId: string,
      range: { limit: number; offset: number },
      search?: string,
    ): { items: StoredMoment[]; total: number } {
      const seq = seqOf.get(momentId)?.seq
      if (seq === undefined) return { items: [], total: 0 }
      const match = search ? ftsMatchExpression(search) : null
      const items = (match ? pages.matching : pages.all)
        .all({ seq, match, limit: range.limit, offset: range.offset })
        .map(fromRow)
      const total = repeatsOf([seq], search).get(seq)?.count ?? 0
      return { items, total }
    },
    /** The id of the moment with this seq (a repeat's thread); null when it is gone. */
    idOf: (seq: number): string | null => idOf.get(seq)?.id ?? null,
  }
}

export type ThreadsRepo = ReturnType<typeof threadsRepo>
