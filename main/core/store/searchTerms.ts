import { ftsMatchExpression } from './historyQuery.ts'
import { latestSearch } from './latestSearch.ts'
import type { Db } from './openStore.ts'

/** A search as the full-text index is asked it. */
export interface SearchMatch {
  /** The FTS5 query: each typed word matches every term it begins */
  expression: string
  /**
   * Every word became exact terms: FTS5 can then test one moment (`rowid = ?`) by seeking, where a
   * prefix term rebuilds the whole merged doclist for each test.
   */
  exact: boolean
}

// More terms than this under one word (a one- or two-letter word) stay a prefix term: an OR of
// many terms costs each test as much as the merge it avoids.
const MAX_TERMS = 16

/**
 * Resolves what a user types into exact index terms through the index's vocabulary (migration 9).
 * Only the terms *longer* than the word are listed: the vocabulary counts each listed term's
 * documents as it goes, so the word itself — the frequent one, typed whole — costs a seek, not a
 * scan (for `account`, in 42% of 577,000 moments, 0.4 ms against 9 ms). Kept for the latest search
 * (latestSearch.ts): a window request resolves it for its page, its total and its repeats.
 */
export function searchTerms(db: Db) {
  const latest = latestSearch(db)
  const longer = db.prepare<[string, string, number], { term: string }>(
    'SELECT term FROM moments_fts_terms WHERE term >= ? AND term < ? LIMIT ?',
  )

  function resolve(search: string | undefined): SearchMatch | null {
    if (!search) return null
    return latest.of('terms', search, () => resolved(search))
  }

  function resolved(search: string): SearchMatch | null {
    const words = search.split(/\s+/).filter((word) => word.length > 0)
    if (words.length === 0) return null
    let exact = true
    const parts = words.map((word) => {
      const term = word.toLowerCase()
      // The index's tokenizer (unicode61) keeps an ASCII letter or digit as itself, lower-cased;
      // any other character may fold or split, so such a word is left to FTS5's own prefix query.
      if (!/^[a-z0-9]+$/.test(term)) {
        exact = false
        return ftsMatchExpression(word) as string
      }
      // `term/`: after the word itself (a constraint `> term` starts the vocabulary on it, counting
      // it) and before any longer term, whose next character is a letter or a digit (> '/').
      const found = longer.all(`${term}/`, following(term), MAX_TERMS).map((row) => row.term)
      if (found.length >= MAX_TERMS) {
        exact = false
        return `"${term}"*`
      }
      const terms = [term, ...found].map((t) => `"${t}"`)
      return terms.length === 1 ? (terms[0] as string) : `(${terms.join(' OR ')})`
    })
    return { expression: parts.join(' AND '), exact }
  }

  return { resolve }
}

export type SearchTerms = ReturnType<typeof searchTerms>

/** The first string after every string that starts with `term` (ASCII: its last letter plus one). */
function following(term: string): string {
  return term.slice(0, -1) + String.fromCharCode(term.charCodeAt(term.length - 1) + 1)
}
