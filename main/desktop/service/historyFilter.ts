import type { HistoryFilter } from '../../../shared/ipc/contract.ts'
import type { HistoryQuery } from '../../core/store/historyQuery.ts'

/** The window's filter as the store's query: "failed" is a Slack forward state, not a status. */
export function historyQueryFrom(filter: HistoryFilter): HistoryQuery {
  const { status, ...rest } = filter
  return {
    ...rest,
    status: status === 'failed' ? undefined : status,
    forwardFailed: status === 'failed' ? true : undefined,
  }
}
