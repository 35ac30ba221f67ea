import type { EventTables, UserAggregatedActivityRow } from './rawRows.ts'

const DAY_MS = 86_400_000
/** The nightly rollup job lands at about 02:15 UTC the next day. */
const ROLLUP_LANDS_AFTER_MS = (2 * 60 + 15) * 60_000

/**
 * user_aggregated_activity as the data team's nightly job would build it from the same
 * requests and page views: one row per user per complete UTC day that has landed by `now`.
 */
export function rollUpUserActivity(tables: EventTables, now: Date): UserAggregatedActivityRow[] {
  const days = new Map<string, UserAggregatedActivityRow & { pages: Set<string> }>()
  const dayOf = (email: string, at: Date, accountId: string | null) => {
    const date = at.toISOString().slice(0, 10)
    const key = `${date}|${email}`
    let row = days.get(key)
    if (!row) {
      row = {
        id: `ua-${date}-${email}`,
        loaded_at: new Date(Date.parse(date) + DAY_MS + ROLLUP_LANDS_AFTER_MS),
        activity_date: date,
        user_email: email,
        account_id: accountId,
        requests: 0,
        failed_requests: 0,
        documentation_pages_visited: 0,
        documentation_pages: null,
        pages: new Set(),
      }
      days.set(key, row)
    }
    row.account_id ??= accountId
    return row
  }
  for (const r of tables.webserver_events) {
    if (!r.user_email) continue
    const row = dayOf(r.user_email, r.occurred_at, r.account_id)
    row.requests++
    if (r.status_code === null || r.status_code >= 400) row.failed_requests++
  }
  for (const r of tables.website_events) {
    if (!r.visitor_email || !r.page_url.startsWith('/docs/')) continue
    const row = dayOf(r.visitor_email, r.occurred_at, r.account_id)
    row.documentation_pages_visited++
    if (r.page_title) row.pages.add(r.page_title)
  }
  return [...days.values()]
    .filter((row) => row.loaded_at <= now)
    .map(({ pages, ...row }) => ({
      ...row,
      documentation_pages: pages.size ? [...pages].sort().join(', ') : null,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1))
}
