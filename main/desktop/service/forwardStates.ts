import type { ForwardState } from '../../../shared/ipc/contract.ts'
import type { Db } from '../../core/store/openStore.ts'

export interface ForwardInfo {
  state: ForwardState
  error: string | null
}

const RANK: Record<ForwardState, number> = { none: 0, sent: 1, pending: 2, failed: 3 }

/**
 * The Slack forward state of each moment: the worst of its channels (a failure outranks a pending
 * retry, which outranks a success), so a problem is never hidden behind another channel's success.
 */
export function forwardStates(db: Db, momentIds: readonly string[]): Map<string, ForwardInfo> {
  const states = new Map<string, ForwardInfo>()
  if (momentIds.length === 0) return states
  const rows = db
    .prepare<string[], { moment_id: string; status: ForwardState; last_error: string | null }>(
      `SELECT moment_id, status, last_error FROM outbox WHERE moment_id IN (${momentIds.map(() => '?').join(', ')})`,
    )
    .all(...momentIds)
  for (const row of rows) {
    const known = states.get(row.moment_id)
    if (!known || RANK[row.status] > RANK[known.state]) {
      states.set(row.moment_id, { state: row.status, error: row.status === 'sent' ? null : row.last_error })
    }
  }
  return states
}
