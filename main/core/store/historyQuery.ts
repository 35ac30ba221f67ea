import type { MomentStatus, Severity } from '../../../shared/moment.ts'
import type { SearchMatch } from './searchTerms.ts'

/** Filters of `moments history` and the history window. */
export interface HistoryQuery {
  search?: string
  accountId?: string
  ruleId?: string
  status?: MomentStatus
  severity?: Severity
  sinceMs?: number
  untilMs?: number
  unreadOnly?: boolean
  /** Moments whose Slack forward failed for good */
  forwardFailed?: boolean
  /** Only these moments (the desktop's digest notification opens the history on them) */
  ids?: readonly string[]
  /** Moments nothing was done about yet: no reach-out, log, done or not-useful */
  notActed?: boolean
  /**
   * The history as threads: a snoozed repeat is not a row of its own but part of its delivered
   * moment's thread, and a search that matches a repeat finds its delivered moment. The other
   * filters apply to the delivered moment.
   */
  threads?: boolean
}

/**
 * Turns what a user types into an FTS5 query that can't be a syntax error: every word becomes a
 * quoted prefix term ("acme"*), so `"`, `-`, `NEAR` or `*` in the input are just text.
 */
export function ftsMatchExpression(search: string): string | null {
  const terms = search
    .split(/\s+/)
    .map((term) => term.replace(/"/g, '""').trim())
    .filter((term) => term.length > 0)
  if (terms.length === 0) return null
  return terms.map((term) => `"${term}"*`).join(' ')
}

/** How a search is matched: its resolved FTS5 query (searchTerms.ts), and whether moments are walked. */
export interface WherePlan {
  /** Read newest first (searchPlan.ts) */
  walking?: boolean
  /** … and each walked moment tested on its own in the index, not the whole match set read */
  testing?: boolean
  /** The search as resolved against the index (searchTerms.ts); null: no search */
  match: SearchMatch | null
}

/**
 * The WHERE clause and its parameters; values are always bound, never spliced. `walking`: the
 * moments are read newest first (searchPlan.ts), so a thread's repeats are probed moment by
 * moment through their index instead of looking up every moment the words match (for a word in
 * 40% of 577,000 moments, on the bench's store at load 14: a page in 141 ms instead of 2.1 s).
 * `testing`: each walked moment is tested in the index by a rowid seek (exact terms only: a prefix
 * term would rebuild its doclist per test) instead of reading the whole match set once (`IN`).
 */
export function historyWhere(
  query: HistoryQuery,
  plan: WherePlan,
): { sql: string; params: Record<string, unknown> } {
  const clauses: string[] = []
  const params: Record<string, unknown> = {}
  const walking = plan.walking ?? false
  const resolved = plan.match
  const match = resolved?.expression ?? null
  const matching = 'SELECT rowid FROM moments_fts WHERE moments_fts MATCH @match'
  const matches = (seq: string) =>
    walking && plan.testing && resolved?.exact
      ? `EXISTS (SELECT 1 FROM moments_fts WHERE moments_fts MATCH @match AND rowid = ${seq})`
      : `${seq} IN (${matching})`
  // Moments named by id (a digest's) are listed whatever they are.
  if (query.threads && !query.ids) clauses.push('m.thread_seq IS NULL')
  if (match && query.threads) {
    clauses.push(
      walking
        ? `(${matches('m.seq')} OR EXISTS (SELECT 1 FROM moments r INDEXED BY moments_by_thread
             WHERE r.thread_seq = m.seq AND ${matches('r.seq')}))`
        : // Each matching moment's thread (itself when it repeats nothing), read from the matches:
          // an OR of the moment's match and its repeats' made SQLite read every delivered moment.
          // The thread of a match is read from its index (migration 10), not from its wide row,
          // which SQLite's own plan (a rowid seek) would read.
          `m.seq IN (SELECT DISTINCT coalesce(r.thread_seq, r.seq)
             FROM (${matching}) AS f CROSS JOIN moments r INDEXED BY moments_thread_of ON r.seq = f.rowid)`,
    )
    params.match = match
  } else if (match) {
    clauses.push(matches('m.seq'))
    params.match = match
  }
  if (query.accountId) {
    clauses.push('m.account_id = @accountId')
    params.accountId = query.accountId
  }
  if (query.ruleId) {
    clauses.push('m.rule_id = @ruleId')
    params.ruleId = query.ruleId
  }
  if (query.status) {
    // A literal from a fixed set, not a parameter: SQLite can then use the partial index of
    // unread delivered moments (a bound value can't prove the index's condition).
    clauses.push(query.status === 'snoozed' ? "m.status = 'snoozed'" : "m.status = 'delivered'")
  }
  if (query.severity) {
    clauses.push('m.severity = @severity')
    params.severity = query.severity
  }
  if (query.sinceMs !== undefined) {
    clauses.push('m.occurred_at >= @sinceMs')
    params.sinceMs = query.sinceMs
  }
  if (query.untilMs !== undefined) {
    clauses.push('m.occurred_at < @untilMs')
    params.untilMs = query.untilMs
  }
  if (query.unreadOnly) clauses.push('m.read_at IS NULL')
  if (query.ids) {
    const names = query.ids.map((id, i) => {
      params[`id${i}`] = id
      return `@id${i}`
    })
    clauses.push(names.length ? `m.id IN (${names.join(', ')})` : '0')
  }
  if (query.notActed) {
    clauses.push('NOT EXISTS (SELECT 1 FROM moment_actions a WHERE a.moment_id = m.id)')
  }
  if (query.forwardFailed) {
    clauses.push(`EXISTS (SELECT 1 FROM outbox o WHERE o.moment_id = m.id AND o.status = 'failed')`)
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params }
}
