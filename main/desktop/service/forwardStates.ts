import type { ForwardState } from '../../../shared/ipc/contract.ts'
import { channelLabelOf } from '../../core/channels/registry.ts'
import type { ForwardRow } from '../../core/store/outbox.ts'

export interface ForwardInfo {
  state: ForwardState
  error: string | null
  /** The channel of that state: `Slack`, `Microsoft Teams` */
  channel: string | null
}

const RANK: Record<ForwardState, number> = { none: 0, sent: 1, pending: 2, failed: 3 }

/**
 * The forward state of each moment: the worst of its channels (a failure outranks a pending
 * retry, which outranks a success), so a problem is never hidden behind another channel's success.
 */
export function forwardStates(forwards: readonly ForwardRow[]): Map<string, ForwardInfo> {
  const states = new Map<string, ForwardInfo>()
  for (const row of forwards) {
    const known = states.get(row.momentId)
    if (!known || RANK[row.status] > RANK[known.state]) {
      states.set(row.momentId, {
        state: row.status,
        error: row.status === 'sent' ? null : row.lastError,
        channel: channelLabelOf(row.channel),
      })
    }
  }
  return states
}
