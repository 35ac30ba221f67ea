import { latestSearch } from './latestSearch.ts'
import type { Db } from './openStore.ts'
import type { SearchMatch } from './searchTerms.ts'

/** A delivered moment's snoozed repeats (migration 8), as its thread in the history shows them. */
export interface ThreadRepeats {
  count: number
  /** Event time of the newest, in ms */
  lastAt: number
}

/** The threads a search reaches, and each one's matching repeats. */
export interface SearchedThreads {
  /** Their delivered moments' seqs, newest first */
  seqs: number[]
  /** Per delivered moment (by seq), the repeats the words match; threads without any are absent */
  repeats: Map<number, ThreadRepeats>
}

/**
 * The threads a search reaches, newest first, read from the index of migration 10 alone: which
 * thread each match is in, and when it happened; no moment's row is read. One pass over the
 * matches gives the threads, their order and each one's matching repeats: a delivered moment the
 * words match brings its own time, so only a thread reached through its repeats alone is looked up
 * again. For a search with no other filter, as the history window asks a page, its total and the
 * page's repeats: kept until the store changes (latestSearch.ts), so the total is the list's
 * length and the repeats are read from it, not a second and third walk of every match (for a word
 * in 1% of 1,000,000 moments, 9,300 matches, 3,600 threads).
 */
export function searchedThreads(db: Db) {
  const latest = latestSearch(db)
  // The threads come back as two JSON arrays, not a row each: for 3,600 threads, handing each row
  // to JavaScript cost more than ordering them (a third of the statement).
  const threads = db.prepare<{ match: string }, { seqs: string; repeats: string }>(
    `WITH threads AS MATERIALIZED (
         SELECT thread, repeats, last,
           coalesce(at, (SELECT m.occurred_at FROM moments m INDEXED BY moments_thread_of
                         WHERE m.seq = thread AND m.thread_seq IS NULL)) AS at
         FROM (SELECT coalesce(r.thread_seq, r.seq) AS thread, count(r.thread_seq) AS repeats,
                 max(CASE WHEN r.thread_seq IS NOT NULL THEN r.occurred_at END) AS last,
                 max(CASE WHEN r.thread_seq IS NULL THEN r.occurred_at END) AS at
               FROM (SELECT rowid AS seq FROM moments_fts WHERE moments_fts MATCH @match) AS f
               CROSS JOIN moments r INDEXED BY moments_thread_of ON r.seq = f.seq
               GROUP BY thread))
       SELECT json_group_array(thread ORDER BY at DESC, thread DESC) FILTER (WHERE at IS NOT NULL) AS seqs,
              json_group_array(json_array(thread, repeats, last)) FILTER (WHERE repeats > 0) AS repeats
       FROM threads`,
  )

  function read(match: SearchMatch): SearchedThreads {
    const found = threads.get({ match: match.expression })
    const repeats = new Map<number, ThreadRepeats>()
    // A repeat whose delivered moment is gone (or is itself a repeat) reaches no thread, but is
    // still counted with the seq it names, as a thread's repeats are.
    for (const [thread, count, last] of JSON.parse(found?.repeats ?? '[]') as [number, number, number][])
      repeats.set(thread, { count, lastAt: last })
    return { seqs: JSON.parse(found?.seqs ?? '[]') as number[], repeats }
  }

  return {
    /** Read, or as kept for this search since the store last changed */
    of: (match: SearchMatch): SearchedThreads => latest.of('threads', match.expression, () => read(match)),
    /** As kept for this search since the store last changed; undefined when not */
    kept: (match: SearchMatch): SearchedThreads | undefined => latest.peek('threads', match.expression),
  }
}
