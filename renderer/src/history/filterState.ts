import type { HistoryFilter } from '../../../shared/ipc/contract.ts'
import type { Severity } from '../../../shared/moment.ts'
import { dateInputToMs } from '../ui/format.ts'

export type StatusChoice = '' | 'delivered' | 'snoozed' | 'failed'

/** What the filter bar shows; dates as the date inputs hold them. */
export interface FilterState {
  search: string
  accountId: string
  ruleId: string
  severity: '' | Severity
  status: StatusChoice
  from: string
  to: string
  unreadOnly: boolean
  /** Only moments nothing was done about yet */
  notActed: boolean
  /** A digest notification's moments; null: no such restriction */
  ids: string[] | null
}

export const NO_FILTER: FilterState = {
  search: '',
  accountId: '',
  ruleId: '',
  severity: '',
  status: '',
  from: '',
  to: '',
  unreadOnly: false,
  notActed: false,
  ids: null,
}

export function isFiltered(state: FilterState): boolean {
  return JSON.stringify(state) !== JSON.stringify(NO_FILTER)
}

export function historyFilter(state: FilterState, search: string): HistoryFilter {
  const filter: HistoryFilter = {}
  if (search.trim()) filter.search = search.trim()
  if (state.accountId) filter.accountId = state.accountId
  if (state.ruleId) filter.ruleId = state.ruleId
  if (state.severity) filter.severity = state.severity
  if (state.status) filter.status = state.status
  const since = dateInputToMs(state.from)
  const until = dateInputToMs(state.to, true)
  if (since !== undefined) filter.sinceMs = since
  if (until !== undefined) filter.untilMs = until
  if (state.unreadOnly) filter.unreadOnly = true
  if (state.notActed) filter.notActed = true
  if (state.ids) filter.ids = state.ids
  return filter
}

/** A notification's filter (main → window) as the filter bar's state. */
export function filterStateOf(filter: HistoryFilter): FilterState {
  const day = (ms: number | undefined, end = false) => {
    if (ms === undefined) return ''
    const d = new Date(end ? ms - 1 : ms)
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
  }
  return {
    search: filter.search ?? '',
    accountId: filter.accountId ?? '',
    ruleId: filter.ruleId ?? '',
    severity: filter.severity ?? '',
    status: filter.status ?? '',
    from: day(filter.sinceMs),
    to: day(filter.untilMs, true),
    unreadOnly: filter.unreadOnly ?? false,
    notActed: filter.notActed ?? false,
    ids: filter.ids ?? null,
  }
}
