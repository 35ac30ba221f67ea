import type { HistoryQuery } from './historyQuery.ts'
import type { Db } from './openStore.ts'

/**
 * How a history search reads a large store. SQLite's own plan fetches every moment the words
 * match and sorts them: right for a rare word, slow for a frequent one (a word in 5% of
 * 1,000,000 moments: 87 ms for the first page, 74 ms for the total). For those, walking the
 * moments newest first and keeping the matching ones fills the page sooner (6 ms), and the total
 * comes from the full-text index alone (2 ms). The switch is where the two meet on the bench:
 * about 2·√(moments) matches. Measured in bench/README.md (history search).
 */
export function searchPlan(db: Db) {
  const size = db.prepare<[], { n: number }>('SELECT coalesce(max(seq), 0) AS n FROM moments')
  const atLeast = db.prepare<[string, number], { n: number }>(
    'SELECT count(*) AS n FROM (SELECT 1 FROM moments_fts WHERE moments_fts MATCH ? LIMIT ?)',
  )
  const matching = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM moments_fts WHERE moments_fts MATCH ?',
  )
  return {
    /**
     * True when the page is best read through the occurred_at index: a frequent match, and no
     * account, rule or id filter (their own indexes serve those better).
     */
    walkNewestFirst(query: HistoryQuery, match: string | undefined): boolean {
      if (!match || query.accountId || query.ruleId || query.ids) return false
      const moments = size.get()?.n ?? 0
      // Threads are walked only for a word in one moment in 20 or more: each moment walked probes
      // its repeats, so a rarer word (1% of 577,000 moments on the bench's store) is found sooner
      // through its matches (1.6 s walking).
      const threshold = Math.ceil(query.threads ? moments / 20 : 2 * Math.sqrt(moments))
      return (atLeast.get(match, threshold)?.n ?? 0) >= threshold
    },
    /** The total of a search with no other filter: the index's own count (external content, kept by triggers). */
    countOnly(query: HistoryQuery, match: string | undefined): number | null {
      if (!match) return null
      const { search: _, ...others } = query
      if (Object.values(others).some((value) => value !== undefined && value !== false)) return null
      return matching.get(match)?.n ?? 0
    },
  }
}
