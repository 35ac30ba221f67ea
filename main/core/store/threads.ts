import { fromRow, type MomentRow, type StoredMoment } from './moments.ts'
import type { Db } from './openStore.ts'
import { searchedThreads, type ThreadRepeats } from './searchedThreads.ts'
import { searchPlan } from './searchPlan.ts'
import { type SearchMatch, searchTerms } from './searchTerms.ts'

export type { ThreadRepeats } from './searchedThreads.ts'

/**
 * A repeat matching the search: tested on its own by a seek when the words resolved to exact
 * terms (a page's threads hold a few hundred repeats), else through the match set read once.
 */
function matchingRepeat(match: SearchMatch, testing = match.exact): string {
  return testing
    ? 'EXISTS (SELECT 1 FROM moments_fts WHERE moments_fts MATCH @match AND rowid = seq)'
    : 'seq IN (SELECT rowid FROM moments_fts WHERE moments_fts MATCH @match)'
}

export function threadsRepo(db: Db) {
  const terms = searchTerms(db)
  const plan = searchPlan(db)
  const searched = searchedThreads(db)
  const repeatsIn = (names: string[]) =>
    db.prepare<Record<string, unknown>, { n: number }>(
      `SELECT count(*) AS n FROM moments INDEXED BY moments_by_thread WHERE thread_seq IN (${names.join(', ')})`,
    )
  const page = (match: SearchMatch | null) =>
    db.prepare<Record<string, unknown>, MomentRow>(
      `SELECT * FROM moments INDEXED BY moments_by_thread WHERE thread_seq = @seq
       ${match ? `AND ${matchingRepeat(match)}` : ''}
       ORDER BY occurred_at DESC, seq DESC LIMIT @limit OFFSET @offset`,
    )
  const pages = {
    all: page(null),
    exact: page({ expression: '', exact: true }),
    prefix: page({ expression: '', exact: false }),
  }
  const seqOf = db.prepare<[string], { seq: number }>('SELECT seq FROM moments WHERE id = ?')
  const idOf = db.prepare<[number], { id: string }>('SELECT id FROM moments WHERE seq = ?')

  /**
   * Per delivered moment (by seq), its repeats' count and newest time; only those matching
   * `search` when one is given. Moments without repeats are absent. The threads of a search just
   * listed (searchedThreads.ts) already hold their matching repeats: read there, not again.
   */
  function repeatsOf(seqs: readonly number[], search?: string): Map<number, ThreadRepeats> {
    const result = new Map<number, ThreadRepeats>()
    if (seqs.length === 0) return result
    const match = terms.resolve(search)
    const kept = match ? searched.kept(match) : undefined
    if (kept) {
      for (const seq of seqs) {
        const repeats = kept.repeats.get(seq)
        if (repeats) result.set(seq, { ...repeats })
      }
      return result
    }
    const params: Record<string, unknown> = {}
    const names = seqs.map((seq, i) => {
      params[`s${i}`] = seq
      return `@s${i}`
    })
    // Testing each repeat costs ~100 times a match read into the set: test when the threads hold
    // fewer repeats than a hundredth of the matches (a frequent word), else read the set once.
    const testing =
      match?.exact === true && (repeatsIn(names).get(params)?.n ?? 0) * 100 < plan.estimate(match)
    if (match) params.match = match.expression
    const rows = db
      .prepare<Record<string, unknown>, { seq: number; n: number; last: number }>(
        `SELECT thread_seq AS seq, count(*) AS n, max(occurred_at) AS last
           FROM moments INDEXED BY moments_by_thread
           WHERE thread_seq IN (${names.join(', ')}) ${match ? `AND ${matchingRepeat(match, testing)}` : ''}
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
      const match = terms.resolve(search)
      const items = (match ? (match.exact ? pages.exact : pages.prefix) : pages.all)
        .all({ seq, match: match?.expression ?? null, limit: range.limit, offset: range.offset })
        .map(fromRow)
      const total = repeatsOf([seq], search).get(seq)?.count ?? 0
      return { items, total }
    },
    /** The id of the moment with this seq (a repeat's thread); null when it is gone. */
    idOf: (seq: number): string | null => idOf.get(seq)?.id ?? null,
  }
}

export type ThreadsRepo = ReturnType<typeof threadsRepo>
