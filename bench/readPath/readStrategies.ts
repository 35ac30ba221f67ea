// The ways a source could read, side by side on the same session and statement:
// - `before`: what Moments did until the sources: a pg-cursor portal outside any transaction,
//   2,000 rows a fetch (Redshift refuses both: test/support/redshiftStandIn/);
// - `cursor`: what the sources do, the same cursor inside BEGIN READ ONLY … COMMIT
//   (main/core/warehouse/wire/transactionCursor.ts), at PostgreSQL's 2,000 or Redshift's 1,000;
// - `keyset`: one short read-only statement per page, `… ORDER BY loaded_at, event_id LIMIT n`,
//   the next page after the last row of this one. Kept here only: it lost (bench/README.md).
import Cursor from 'pg-cursor'
import type { PollWindow } from '../../main/core/warehouse/eventSource.ts'
import { transactionCursor } from '../../main/core/warehouse/wire/transactionCursor.ts'
import { rowTypes, type WireSession } from '../../main/core/warehouse/wire/wireSession.ts'
import { pollStatement } from '../benchSession.ts'

export type Strategy = 'before' | 'cursor' | 'keyset'

export interface ReadSpec {
  query: string
  window: PollWindow
  accountIds: readonly string[]
  batchSize: number
  /** Stop after this long (a strategy that would take hours is measured for a while) */
  budgetMs: number
}

/** Reads every row of the spec; the rows read, and whether the budget ran out first. */
export async function readAll(session: WireSession, strategy: Strategy, spec: ReadSpec) {
  const started = performance.now()
  const over = () => performance.now() - started > spec.budgetMs
  let rows = 0
  for await (const batch of batches(session, strategy, spec)) {
    rows += batch.length
    if (over()) return { rows, complete: false }
  }
  return { rows, complete: true }
}

function batches(session: WireSession, strategy: Strategy, spec: ReadSpec): AsyncIterable<unknown[]> {
  const statement = pollStatement(spec.query, spec.window, spec.accountIds)
  if (strategy === 'cursor') return transactionCursor(session, statement, spec.batchSize)
  if (strategy === 'before') return outsideTransaction(session, statement, spec.batchSize)
  return keysetPages(session, spec)
}

/** The read before the sources (streamRows.ts): the same read-ahead, no transaction. */
async function* outsideTransaction(
  session: WireSession,
  statement: { text: string; values: unknown[] },
  batchSize: number,
): AsyncGenerator<unknown[]> {
  const cursor = session.client.query(
    new Cursor(statement.text, statement.values, { types: rowTypes } as never),
  )
  try {
    let next = cursor.read(batchSize)
    for (;;) {
      const rows = await next
      if (rows.length === 0) return
      const more = rows.length === batchSize
      if (more) next = cursor.read(batchSize)
      yield rows
      if (!more) return
    }
  } finally {
    await cursor.close()
  }
}

async function* keysetPages(session: WireSession, spec: ReadSpec): AsyncGenerator<unknown[]> {
  let window = spec.window
  for (;;) {
    const page = pollStatement(spec.query, window, spec.accountIds, spec.batchSize)
    await session.query('BEGIN READ ONLY')
    const { rows } = await session.query<{ loaded_at: string; event_id: string }>(page.text, page.values)
    await session.query('COMMIT')
    if (rows.length > 0) yield rows
    if (rows.length < spec.batchSize) return
    const last = rows[rows.length - 1] as { loaded_at: string; event_id: string }
    window = { loadedAt: last.loaded_at, eventId: String(last.event_id) }
  }
}
