import type { Db } from './openStore.ts'

/** What is kept of a search: its resolved terms, its estimate, the threads it reaches. */
export type SearchPart = 'terms' | 'estimate' | 'threads'

const connections = new WeakMap<Db, LatestSearch>()

/**
 * The latest search's parts on this connection, kept until the store changes. The history window
 * asks one search several times in one request — its page, its total, the page's matching repeats —
 * and again for its next page: each asked the index for the same terms, the same estimate, the same
 * threads (for a word in 1% of 1,000,000 moments, the threads' repeats alone were a fifth of the
 * request). Only the latest search of each part is kept: another search replaces it.
 */
export function latestSearch(db: Db): LatestSearch {
  const known = connections.get(db)
  if (known) return known
  // Another connection's commit moves data_version; this connection's own writes, total_changes().
  const changes = db.prepare<[], number>('SELECT total_changes()').pluck()
  const version = () => `${db.pragma('data_version', { simple: true })}:${changes.get()}`
  const kept = new Map<SearchPart, { key: string; version: string; value: unknown }>()
  const latest: LatestSearch = {
    of<T>(part: SearchPart, key: string, work: () => T): T {
      const now = version()
      const entry = kept.get(part)
      if (entry?.key === key && entry.version === now) return entry.value as T
      const value = work()
      kept.set(part, { key, version: now, value })
      return value
    },
    peek<T>(part: SearchPart, key: string): T | undefined {
      const entry = kept.get(part)
      return entry?.key === key && entry.version === version() ? (entry.value as T) : undefined
    },
  }
  connections.set(db, latest)
  return latest
}

export interface LatestSearch {
  /** The part of the search `key` as kept, else `work`'s result, then kept */
  of<T>(part: SearchPart, key: string, work: () => T): T
  /** The part of the search `key` if it is kept and the store has not changed since */
  peek<T>(part: SearchPart, key: string): T | undefined
}
