// The original brief's approach, as the reference for the poll's cost: every poll re-queries the
// last 5 minutes of the enriched view for every account — no keyset, no ownership filter in SQL —
// and processes every row it gets (contract check, de-duplication, ownership, rules, store).
import type pg from 'pg'
import type { OwnedAccount } from '../../main/core/ownership/ownedAccount.ts'
import { ownedById } from '../../main/core/ownership/ownedById.ts'
import { recordBatch } from '../../main/core/pipeline/recordBatch.ts'
import type { CompiledRule } from '../../main/core/rules/compiledRule.ts'
import type { Store } from '../../main/core/store/store.ts'

export const BRIEF_WINDOW_MS = 5 * 60_000

export function briefQuery(now: number): { text: string; values: string[] } {
  return {
    text: 'SELECT * FROM enriched_events WHERE loaded_at > $1::timestamptz ORDER BY loaded_at',
    values: [new Date(now - BRIEF_WINDOW_MS).toISOString()],
  }
}

/** One poll the brief's way; returns how many rows it had to handle. */
export async function briefPoll(options: {
  client: pg.Client
  store: Store
  rules: readonly CompiledRule[]
  book: readonly OwnedAccount[]
  now: number
}): Promise<number> {
  const { text, values } = briefQuery(options.now)
  const { rows } = await options.client.query(text, values)
  recordBatch(rows, {
    store: options.store,
    rules: options.rules,
    owned: ownedById(options.book),
    forwardTo: [],
    warehouseKey: null,
    lookbackMs: BRIEF_WINDOW_MS,
    now: options.now,
    note: () => {},
  })
  return rows.length
}
