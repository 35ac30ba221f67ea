import { isoTime } from '../../../shared/isoTime.ts'
import type {
  AccountValues,
  EventFields,
  Moment,
  MomentStatus,
  Severity,
  SnoozeReason,
} from '../../../shared/moment.ts'
import { type HistoryQuery, historyWhere } from './historyQuery.ts'
import type { Db } from './openStore.ts'
import { searchPlan } from './searchPlan.ts'
import { searchTerms } from './searchTerms.ts'

/** What the pipeline records; `seq` and `readAt` come from the store. */
export interface NewMoment {
  id: string
  ruleId: string
  ruleName: string
  ruleWhen: string
  accountId: string
  accountName: string
  severity: Severity
  title: string
  body: string
  source: string
  eventIds: string[]
  event: EventFields
  /** The account's fields as the rule saw them; null when none were read */
  account: AccountValues | null
  occurredAt: number
  loadedAt: number
  recordedAt: number
  status: MomentStatus
  snoozeReason: SnoozeReason | null
  snoozeKey: string
  snoozeMs: number
  folded: number
  /** A snoozed repeat: the seq of the delivered moment whose window it fell in; null or absent: none */
  threadSeq?: number | null
}

export interface TimelineMoment {
  ruleId: string
  ruleName: string
  occurredAt: number
}

export interface NamedId {
  id: string
  name: string
}

export interface StoredMoment extends Moment {
  seq: number
  ruleWhen: string
  snoozeMs: number
  /** A snoozed repeat: the seq of the delivered moment it repeats; null: none */
  threadSeq: number | null
}

export interface MomentRow {
  seq: number
  id: string
  rule_id: string
  rule_name: string
  rule_when: string
  account_id: string
  account_name: string
  severity: Severity
  title: string
  body: string
  source: string
  event_ids: string
  event: string
  account: string | null
  occurred_at: number
  loaded_at: number
  recorded_at: number
  status: MomentStatus
  snooze_reason: SnoozeReason | null
  snooze_ms: number
  folded: number
  read_at: number | null
  thread_seq: number | null
}

export function momentsRepo(db: Db) {
  // Positional: binding 21 named parameters meant a copy of the moment and a lookup per name.
  const insert = db.prepare(
    `INSERT INTO moments (id, rule_id, rule_name, rule_when, account_id, account_name, severity, title, body, source,
       event_ids, event, account, occurred_at, loaded_at, recorded_at, status, snooze_reason, snooze_key, snooze_ms,
       folded, thread_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  // The full-text index is written here, not by a trigger (migration 7 says why).
  const index = db.prepare<[number | bigint, string, string, string]>(
    'INSERT INTO moments_fts (rowid, title, body, account_name) VALUES (?, ?, ?, ?)',
  )
  const exists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM moments WHERE id = ?')
  const byId = db.prepare<[string], MomentRow>('SELECT * FROM moments WHERE id = ?')
  const markRead = db.prepare('UPDATE moments SET read_at = ? WHERE id = ? AND read_at IS NULL')
  const markUnread = db.prepare('UPDATE moments SET read_at = NULL WHERE id = ? AND read_at IS NOT NULL')
  const snoozeKey = db.prepare<[string], { snooze_key: string }>(
    'SELECT snooze_key FROM moments WHERE id = ?',
  )
  const timeline = db.prepare<[string, number], TimelineMoment>(
    `SELECT rule_id AS ruleId, rule_name AS ruleName, occurred_at AS occurredAt FROM moments
     WHERE account_id = ? AND occurred_at >= ? ORDER BY occurred_at`,
  )
  // The newest name wins: an account renamed in Salesforce shows its current name.
  const accounts = db.prepare<[], NamedId>(
    `SELECT account_id AS id, account_name AS name, max(seq) FROM moments GROUP BY account_id
     ORDER BY account_name COLLATE NOCASE`,
  )
  const rules = db.prepare<[], NamedId>(
    `SELECT rule_id AS id, rule_name AS name, max(seq) FROM moments GROUP BY rule_id
     ORDER BY rule_name COLLATE NOCASE`,
  )
  const accountName = db.prepare<[string], { name: string }>(
    'SELECT account_name AS name FROM moments WHERE account_id = ? ORDER BY seq DESC LIMIT 1',
  )
  const ruleName = db.prepare<[string], { name: string }>(
    'SELECT rule_name AS name FROM moments WHERE rule_id = ? ORDER BY seq DESC LIMIT 1',
  )
  const startingWith = db.prepare<[string, string], { id: string }>(
    'SELECT id FROM moments WHERE id >= ? AND id < ? ORDER BY id LIMIT 2',
  )
  const search = searchPlan(db)
  const terms = searchTerms(db)
  const bySeqs = db.prepare<[string], MomentRow>(
    `SELECT * FROM moments WHERE seq IN (SELECT value FROM json_each(?))
     ORDER BY occurred_at DESC, seq DESC`,
  )
  const threadsOfAll = db.prepare<[], { n: number }>(
    `SELECT (SELECT count(*) FROM moments)
       - (SELECT count(*) FROM moments INDEXED BY moments_by_thread WHERE thread_seq IS NOT NULL) AS n`,
  )

  return {
    exists: (id: string): boolean => exists.get(id) !== undefined,
    /** The moment a start of its id names: its id, `ambiguous` when several do, null when none. */
    idStartingWith(prefix: string): string | 'ambiguous' | null {
      // Ids are lower-case hex: the range [prefix, prefix + 'g') holds exactly those that start so.
      if (!/^[0-9a-f]+$/.test(prefix)) return null
      const found = startingWith.all(prefix, `${prefix}g`)
      return found.length === 0 ? null : found.length > 1 ? 'ambiguous' : (found[0]?.id ?? null)
    },
    insert(moment: NewMoment): StoredMoment {
      const m = moment
      const result = insert.run(
        m.id,
        m.ruleId,
        m.ruleName,
        m.ruleWhen,
        m.accountId,
        m.accountName,
        m.severity,
        m.title,
        m.body,
        m.source,
        JSON.stringify(m.eventIds),
        JSON.stringify(m.event),
        m.account === null ? null : JSON.stringify(m.account),
        m.occurredAt,
        m.loadedAt,
        m.recordedAt,
        m.status,
        m.snoozeReason,
        m.snoozeKey,
        m.snoozeMs,
        m.folded,
        m.threadSeq ?? null,
      )
      index.run(result.lastInsertRowid, moment.title, moment.body, moment.accountName)
      return stored(moment, Number(result.lastInsertRowid))
    },
    get(id: string): StoredMoment | null {
      const row = byId.get(id)
      return row ? fromRow(row) : null
    },
    markRead: (id: string, now: number): boolean => markRead.run(now, id).changes === 1,
    markUnread: (id: string): boolean => markUnread.run(id).changes === 1,
    /** Marks read every unread moment the query matches; returns how many. */
    markAllRead(query: HistoryQuery, now: number): number {
      const where = historyWhere(query, { match: terms.resolve(query.search) })
      return db
        .prepare(
          `UPDATE moments SET read_at = @now
           WHERE read_at IS NULL AND seq IN (SELECT m.seq FROM moments m ${where.sql})`,
        )
        .run({ ...where.params, now }).changes
    },
    /** What makes repeats of this moment (`[ruleId, ...values]` as JSON); null for an unknown id. */
    snoozeKey: (id: string): string | null => snoozeKey.get(id)?.snooze_key ?? null,
    /** An account's moments since `sinceMs` (event time), oldest first: what its timeline counts. */
    timeline: (accountId: string, sinceMs: number): Iterable<TimelineMoment> =>
      timeline.iterate(accountId, sinceMs),
    /** Every account and every rule with a moment, by their newest names: the history's filters. */
    accountsSeen: (): NamedId[] => accounts.all().map(({ id, name }) => ({ id, name })),
    rulesSeen: (): NamedId[] => rules.all().map(({ id, name }) => ({ id, name })),
    /** The newest name an account or a rule had on a moment; null when it has none. */
    latestName(kind: 'account' | 'rule', id: string): string | null {
      return (kind === 'account' ? accountName : ruleName).get(id)?.name ?? null
    },
    /** Newest first. */
    list(query: HistoryQuery, page: { limit: number; offset?: number } = { limit: 100 }): StoredMoment[] {
      const match = terms.resolve(query.search)
      const plan = search.page(query, match, page.limit + (page.offset ?? 0))
      const walk = plan !== 'sort'
      const threads = walk
        ? null
        : search.threadPage(query, match, { limit: page.limit, offset: page.offset ?? 0 })
      if (threads) return bySeqs.all(JSON.stringify(threads)).map(fromRow)
      const where = historyWhere(query, { walking: walk, testing: plan === 'walk-testing', match })
      const rows = db
        .prepare<Record<string, unknown>, MomentRow>(
          `SELECT m.* FROM moments m ${walk ? 'INDEXED BY moments_by_occurred_at ' : ''}${where.sql}
           ORDER BY m.occurred_at DESC, m.seq DESC LIMIT @limit OFFSET @offset`,
        )
        .all({ ...where.params, limit: page.limit, offset: page.offset ?? 0 })
      return rows.map(fromRow)
    },
    /** Streamed, newest first: `history` over a large store never loads it all. */
    *iterateNewestFirst(query: HistoryQuery): Generator<StoredMoment> {
      const where = historyWhere(query, { match: terms.resolve(query.search) })
      const stmt = db.prepare<Record<string, unknown>, MomentRow>(
        `SELECT m.* FROM moments m ${where.sql} ORDER BY m.occurred_at DESC, m.seq DESC`,
      )
      for (const row of stmt.iterate(where.params)) yield fromRow(row)
    },
    /**
     * The total the history window shows: exact, except for a search of a frequent word (one its
     * page is walked for, searchPlan.ts), counted up to `cap` (`more`: there are more) — in the
     * index alone when the search is the only filter (an exact count of a word in 40% of
     * 1,000,000 moments reads 420,000 matches), else newest first. Counting every thread such a
     * word reaches takes seconds.
     */
    countUpTo(query: HistoryQuery, cap: number): { count: number; more: boolean } {
      const match = terms.resolve(query.search)
      const plan = match ? search.page(query, match, cap) : 'sort'
      if (plan === 'sort') return { count: this.count(query), more: false }
      const capped = search.countUpTo(query, match, cap + 1)
      if (capped !== null) return { count: Math.min(capped, cap), more: capped > cap }
      if (!query.threads) return { count: this.count(query), more: false }
      const where = historyWhere(query, { walking: true, testing: plan === 'walk-testing', match })
      const n =
        db
          .prepare<Record<string, unknown>, { n: number }>(
            `SELECT count(*) AS n FROM (SELECT 1 FROM moments m INDEXED BY moments_by_occurred_at ${where.sql}
             ORDER BY m.occurred_at DESC LIMIT @cap)`,
          )
          .get({ ...where.params, cap: cap + 1 })?.n ?? 0
      return { count: Math.min(n, cap), more: n > cap }
    },
    count(query: HistoryQuery): number {
      // The threads of the whole history: every moment but the repeats, whose index is partial.
      if (
        Object.entries(query).every(
          ([key, value]) => key === 'threads' || value === undefined || value === false,
        )
      )
        if (query.threads) return threadsOfAll.get()?.n ?? 0
      const match = terms.resolve(query.search)
      const where = historyWhere(query, { match })
      const searchOnly = search.countOnly(query, match)
      if (searchOnly !== null) return searchOnly
      const row = db
        .prepare<Record<string, unknown>, { n: number }>(`SELECT count(*) AS n FROM moments m ${where.sql}`)
        .get(where.params)
      return row?.n ?? 0
    },
  }
}

function stored(m: NewMoment, seq: number): StoredMoment {
  return {
    seq,
    id: m.id,
    rule: m.ruleId,
    ruleName: m.ruleName,
    ruleWhen: m.ruleWhen,
    accountId: m.accountId,
    accountName: m.accountName,
    severity: m.severity,
    title: m.title,
    body: m.body,
    eventIds: m.eventIds,
    occurredAt: isoTime(m.occurredAt),
    loadedAt: isoTime(m.loadedAt),
    recordedAt: isoTime(m.recordedAt),
    status: m.status,
    snoozeReason: m.snoozeReason,
    snoozeMs: m.snoozeMs,
    folded: m.folded,
    source: m.source,
    event: m.event,
    account: m.account,
    readAt: null,
    threadSeq: m.threadSeq ?? null,
  }
}

export function fromRow(row: MomentRow): StoredMoment {
  return {
    seq: row.seq,
    id: row.id,
    rule: row.rule_id,
    ruleName: row.rule_name,
    ruleWhen: row.rule_when,
    accountId: row.account_id,
    accountName: row.account_name,
    severity: row.severity,
    title: row.title,
    body: row.body,
    eventIds: JSON.parse(row.event_ids),
    occurredAt: isoTime(row.occurred_at),
    loadedAt: isoTime(row.loaded_at),
    recordedAt: isoTime(row.recorded_at),
    status: row.status,
    snoozeReason: row.snooze_reason,
    snoozeMs: row.snooze_ms,
    folded: row.folded,
    source: row.source,
    event: JSON.parse(row.event),
    account: row.account === null ? null : JSON.parse(row.account),
    readAt: row.read_at === null ? null : isoTime(row.read_at),
    threadSeq: row.thread_seq,
  }
}
