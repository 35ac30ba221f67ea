import type { HistoryQuery } from './historyQuery.ts'
import { latestSearch } from './latestSearch.ts'
import type { Db } from './openStore.ts'
import { searchedThreads } from './searchedThreads.ts'
import type { SearchMatch } from './searchTerms.ts'

// Testing one walked moment in FTS5 (a rowid seek, ~25 µs) against reading one match into the
// `IN` set (~0.3 µs), on the bench's store.
const TEST_PER_MATCH = 100
/** How a page of a search is read: sorted (SQLite's own plan), or walked newest first. */
export type PagePlan = 'sort' | 'walk' | 'walk-testing'

/**
 * How a history search reads a large store. SQLite's own plan fetches every moment the words
 * match and sorts them: right for a rare word, slow for a frequent one (a word in 5% of 1,000,000
 * moments: 87 ms for the first page). For those, walking the moments newest first and keeping the
 * matching ones fills the page sooner (6 ms); the switch is where the two meet on the bench, about
 * 2·√(moments) matches. A walk reads the whole match set once (`IN`), which for a word in 40% of
 * the moments is itself ~80 ms; when the words resolved to exact terms (searchTerms.ts), each
 * walked moment can instead be tested by a rowid seek: ~page/f tests for a word in a share f of
 * the moments against f·N matches read, so testing wins when f²·N > page·TEST_PER_MATCH (a word
 * in ≥ 10% of 1,000,000 moments for a page of 100). Measured in bench/README.md (history search).
 */
export function searchPlan(db: Db) {
  const size = db.prepare<[], { n: number }>('SELECT coalesce(max(seq), 0) AS n FROM moments')
  const atLeast = db.prepare<[string, number], { n: number }>(
    'SELECT count(*) AS n FROM (SELECT 1 FROM moments_fts WHERE moments_fts MATCH ? LIMIT ?)',
  )
  const oldest = db.prepare<[], { n: number }>('SELECT coalesce(min(seq), 0) AS n FROM moments')
  const sampled = db.prepare<[string, number], { n: number; last: number | null }>(
    `SELECT count(*) AS n, max(rowid) AS last
       FROM (SELECT rowid FROM moments_fts WHERE moments_fts MATCH ? LIMIT ?)`,
  )
  const matching = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM moments_fts WHERE moments_fts MATCH ?',
  )
  // The threads a search reaches: each matching moment's delivered moment (itself when it is
  // none's repeat), read in the index's order and stopped at the cap; a match's thread from the
  // index of migration 10, not its row.
  const threadsUpTo = db.prepare<{ match: string; cap: number }, { n: number }>(
    `SELECT count(*) AS n FROM (
       SELECT DISTINCT coalesce(m.thread_seq, m.seq)
       FROM (SELECT rowid AS seq FROM moments_fts WHERE moments_fts MATCH @match) AS f
       CROSS JOIN moments m INDEXED BY moments_thread_of ON m.seq = f.seq
       LIMIT @cap)`,
  )
  const threads = searchedThreads(db)
  const latest = latestSearch(db)
  const searchOnly = (query: HistoryQuery) => {
    const { search: _, threads: __, ...others } = query
    return !Object.values(others).some((value) => value !== undefined && value !== false)
  }

  /**
   * About how many of `moments` match, from how far into the index the first matches reach; kept
   * for the latest search (a page, its total and its repeats each ask it).
   */
  const estimateOf = (match: SearchMatch, moments: number): number =>
    latest.of('estimate', `${match.expression}\u0000${moments}`, () => sampledEstimate(match, moments))
  const sampledEstimate = (match: SearchMatch, moments: number): number => {
    const reach = Math.ceil(2 * Math.sqrt(moments))
    const first = sampled.get(match.expression, reach)
    const found = first?.n ?? 0
    if (found < reach) return found
    return (found / Math.max((first?.last ?? 0) - (oldest.get()?.n ?? 0) + 1, 1)) * moments
  }

  return {
    /** About how many moments match (see `page`) */
    estimate: (match: SearchMatch): number => estimateOf(match, size.get()?.n ?? 0),
    /**
     * Walked newest first through the occurred_at index for a frequent match with no account, rule
     * or id filter (their own indexes serve those better); else sorted.
     */
    page(query: HistoryQuery, match: SearchMatch | null, page = 100): PagePlan {
      if (!match || query.accountId || query.ruleId || query.ids) return 'sort'
      const moments = size.get()?.n ?? 0
      // Threads are walked only for a word in one moment in 20 or more: each moment walked probes
      // its repeats, so a rarer word (1% of 577,000 moments on the bench's store) is found sooner
      // through its matches (1.6 s walking).
      const threshold = Math.max(1, Math.ceil(query.threads ? moments / 20 : 2 * Math.sqrt(moments)))
      // The share of moments matching, from how far into the index the first matches reach: one
      // read of at most 2·√N rowids, where counting to the threads' threshold reads N/20.
      const share = estimateOf(match, moments) / Math.max(moments, 1)
      if (share * moments < threshold) return 'sort'
      return match.exact && share * share * moments > Math.max(page, 1) * TEST_PER_MATCH
        ? 'walk-testing'
        : 'walk'
    },
    /**
     * The total of a search with no other filter: flat, the index's own count (external content);
     * as threads, the threads counted in the index of migration 10, no moment's row read.
     */
    countOnly(query: HistoryQuery, match: SearchMatch | null): number | null {
      if (!match || !searchOnly(query)) return null
      if (!query.threads) return matching.get(match.expression)?.n ?? 0
      return threads.of(match).seqs.length
    },
    /**
     * The seqs of a page of threads a search with no other filter reaches, newest first
     * (searchedThreads.ts): only the page's own rows are then read from the table. Null when other
     * filters apply (they read the moment's row anyway). For a word in 1% of 1,000,000 moments,
     * SQLite's own plan read the ~3,700 threads' rows to sort them.
     */
    threadPage(
      query: HistoryQuery,
      match: SearchMatch | null,
      page: { limit: number; offset: number },
    ): number[] | null {
      if (!match || !query.threads || !searchOnly(query)) return null
      return threads.of(match).seqs.slice(page.offset, page.offset + page.limit)
    },
    /**
     * The same, counted up to `cap` (and one more, to say there are more): flat, the matches; as
     * threads, the distinct threads they reach. Null when other filters apply.
     */
    countUpTo(query: HistoryQuery, match: SearchMatch | null, cap: number): number | null {
      if (!match || !searchOnly(query)) return null
      return query.threads
        ? (threadsUpTo.get({ match: match.expression, cap })?.n ?? 0)
        : (atLeast.get(match.expression, cap)?.n ?? 0)
    },
  }
}
