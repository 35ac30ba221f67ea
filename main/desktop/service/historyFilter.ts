import type { HistoryFilter } from '../../../shared/ipc/contract.ts'
import type { HistoryQuery } from '../../core/store/historyQuery.ts'

/**
 * The window's filter as the store's query: "failed" is a Slack forward state, not a status. The
 * window shows threads (a delivered moment, its snoozed repeats beneath it), except under the
 * Snoozed filter, where each snoozed moment is a row of its own.
 */
export function historyQueryFrom(filter: HistoryFilter): HistoryQuery {
  const { status, ...rest } = filter
  return {
    ...rest,
    status: status === 'failed' ? undefined : status,
    forwardFailed: status === 'failed' ? true : undefined,
    threads: status === 'snoozed' ? undefined : true,
  }
}
