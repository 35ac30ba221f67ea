import { subquery } from './userQuery.ts'

// The statements a source reads with: the user's query wrapped in a keyset on (time, event_id) —
// load time for polls, event time for replays — and the ownership filter, so a read returns
// only new rows of owned accounts, in order. Every value is a bound parameter.

export type OrderColumn = 'loaded_at' | 'occurred_at'

/**
 * Where a read starts: rows after (at, eventId). An empty eventId means "from `at` on", `at`
 * included; null means "after `at`", `at` excluded.
 */
export interface ReadKey {
  at: string
  eventId: string | null
}

export interface ReadRange {
  order: OrderColumn
  from: ReadKey
  /** Exclusive end on the order column (replays) */
  until?: string
  /**
   * Inclusive end on the order column. A head poll's generic plan is given 'infinity': planned
   * without the values, an open range `>= $1` is taken for a third of the table and read whole,
   * a range bounded on both sides for a small part of it, read by index (bench/README.md, head poll)
   */
  through?: string
}

/** An ownership filter as one engine binds it, starting at parameter `first` */
export type OwnershipClause = (column: string, ids: readonly string[], first: number) => BoundSql

export interface BoundSql {
  sql: string
  values: unknown[]
}

/**
 * Salesforce Ids exist in a 15-character (case-sensitive) and an 18-character form; warehouses
 * hold either. Both forms go into the filter so a warehouse with 15-character ids still matches.
 */
export function idForms(accountIds: readonly string[]): string[] {
  const forms = new Set<string>()
  for (const id of accountIds) {
    forms.add(id)
    if (id.length === 18) forms.add(id.slice(0, 15))
  }
  return [...forms]
}

export function buildReadQuery(
  userQuery: string,
  range: ReadRange,
  ownership: { ids: readonly string[]; clause: OwnershipClause } | null,
  limit: number | null,
): { text: string; values: unknown[] } {
  const order = `enriched.${range.order}`
  const values: unknown[] = [range.from.at]
  let where: string
  if (range.from.eventId === '') {
    // "From `at` on" needs no event id: compared with '', a numeric event_id column (a bigint
    // key) would fail the whole read ('invalid input syntax for type bigint: ""').
    where = `${order} >= $1::timestamptz`
  } else if (range.from.eventId === null) {
    where = `${order} > $1::timestamptz`
  } else {
    values.push(range.from.eventId)
    where = `(${order} > $1::timestamptz OR (${order} = $1::timestamptz AND enriched.event_id > $2))`
  }
  if (range.until !== undefined) {
    values.push(range.until)
    where += ` AND ${order} < $${values.length}::timestamptz`
  }
  if (range.through !== undefined) {
    values.push(range.through)
    where += ` AND ${order} <= $${values.length}::timestamptz`
  }
  if (ownership) {
    const forms = idForms(ownership.ids)
    if (forms.length === 0) where += ' AND FALSE'
    else {
      const bound = ownership.clause('enriched.account_id', forms, values.length + 1)
      where += ` AND ${bound.sql}`
      values.push(...bound.values)
    }
  }
  const text = `SELECT * FROM ${subquery(userQuery)} AS enriched
WHERE ${where}
ORDER BY ${order}, enriched.event_id${limit === null ? '' : `\nLIMIT ${Math.floor(limit)}`}`
  return { text, values }
}
