import { idForms } from './pollQuery.ts'

/**
 * The backtest's query: a slice of history in event-time order, so snooze windows replay as
 * they would have unfolded. Owned ids are one `$n` each (Redshift has no array parameters).
 */
export function buildReplayQuery(
  userQuery: string,
  since: Date,
  until: Date,
  accountIds: readonly string[] | null,
): { text: string; values: string[] } {
  const values = [since.toISOString(), until.toISOString()]
  let ownership = ''
  if (accountIds !== null) {
    const forms = idForms(accountIds)
    ownership =
      forms.length === 0
        ? ' AND FALSE'
        : ` AND enriched.account_id IN (${forms.map((_, i) => `$${i + 3}`).join(', ')})`
    values.push(...forms)
  }
  const text = `SELECT * FROM (${userQuery.trim().replace(/;\s*$/, '')}) AS enriched
WHERE enriched.occurred_at >= $1::timestamptz AND enriched.occurred_at < $2::timestamptz${ownership}
ORDER BY enriched.occurred_at, enriched.event_id`
  return { text, values }
}
