// A warehouse session as a source opens one (PostgreSQL dialect, its session settings), for the
// figures that read on their own: COPY, EXPLAIN, a fleet's pool, the read path's strategies.
import type { PollWindow } from '../main/core/warehouse/eventSource.ts'
import { buildReadQuery } from '../main/core/warehouse/readQuery.ts'
import { postgresDialect } from '../main/core/warehouse/sources/postgres/postgresDialect.ts'
import { postgresPlan } from '../main/core/warehouse/sources/postgres/postgresSource.ts'
import { openWireSession, type WireSession } from '../main/core/warehouse/wire/wireSession.ts'

export async function benchSession(url: string, statementTimeoutMs = 3_600_000): Promise<WireSession> {
  const session = await openWireSession(postgresPlan(url))
  for (const statement of postgresDialect.setup(session, statementTimeoutMs)) await session.query(statement)
  return session
}

/** The statement a poll sends for these accounts (PostgreSQL: one array parameter). */
export function pollStatement(
  query: string,
  window: PollWindow,
  accountIds: readonly string[],
  limit: number | null = null,
) {
  return buildReadQuery(
    query,
    { order: 'loaded_at', from: { at: window.loadedAt, eventId: window.eventId } },
    { ids: accountIds, clause: postgresDialect.ownership },
    limit,
  )
}
