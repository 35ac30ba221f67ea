// The poll query: the user's query (default `SELECT * FROM enriched_events`) wrapped in a keyset
// on (loaded_at, event_id) and the ownership filter, so each poll reads only new rows of owned
// accounts. Redshift has no array parameters, so the owned ids are one `$n` each.

export interface PollWindow {
  /** Keyset start: rows after (loadedAt, eventId). An empty eventId means "from loadedAt on". */
  loadedAt: string
  eventId: string
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

export function buildPollQuery(
  userQuery: string,
  window: PollWindow,
  accountIds: readonly string[] | null,
): { text: string; values: string[] } {
  const values: string[] = [window.loadedAt]
  // "From loadedAt on" needs no event id: compared with '', a numeric event_id column (a bigint
  // key) would fail the whole poll ('invalid input syntax for type bigint: ""').
  let keyset = 'enriched.loaded_at >= $1::timestamptz'
  if (window.eventId !== '') {
    values.push(window.eventId)
    keyset =
      '(enriched.loaded_at > $1::timestamptz OR (enriched.loaded_at = $1::timestamptz AND enriched.event_id > $2))'
  }
  let ownership = ''
  if (accountIds !== null) {
    const forms = idForms(accountIds)
    if (forms.length === 0) {
      ownership = ' AND FALSE'
    } else {
      const first = values.length + 1
      const placeholders = forms.map((_, i) => `$${i + first}`).join(', ')
      ownership = ` AND enriched.account_id IN (${placeholders})`
      values.push(...forms)
    }
  }
  const text = `SELECT * FROM (${stripTrailingSemicolon(userQuery)}) AS enriched
WHERE ${keyset}${ownership}
ORDER BY enriched.loaded_at, enriched.event_id`
  return { text, values }
}

function stripTrailingSemicolon(query: string): string {
  return query.trim().replace(/;\s*$/, '')
}
