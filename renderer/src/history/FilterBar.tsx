import type { RefObject } from 'react'
import type { Response } from '../../../shared/ipc/contract.ts'
import { SEVERITIES } from '../../../shared/moment.ts'
import { count, plural } from '../ui/format.ts'
import { type FilterState, isFiltered, NO_FILTER, type StatusChoice } from './filterState.ts'

interface Props {
  state: FilterState
  onChange: (state: FilterState) => void
  options: Response<'filters.options'> | null
  total: number | null
  /** The total is a lower bound ("1,000+") */
  totalAtLeast?: boolean
  searchRef: RefObject<HTMLInputElement | null>
  onMarkAllRead: () => void
}

const STATUSES: { value: StatusChoice; label: string }[] = [
  { value: '', label: 'Any status' },
  { value: 'delivered', label: 'Shown' },
  { value: 'snoozed', label: 'Snoozed' },
  { value: 'failed', label: 'Forward failed' },
]

export function FilterBar({
  state,
  onChange,
  options,
  total,
  totalAtLeast,
  searchRef,
  onMarkAllRead,
}: Props) {
  const set = (change: Partial<FilterState>) => onChange({ ...state, ...change })
  return (
    <section className="filters" aria-label="Search and filters">
      <div className="search">
        <input
          ref={searchRef}
          type="search"
          placeholder="Search moments"
          aria-label="Search moments"
          aria-keyshortcuts="/"
          value={state.search}
          onChange={(e) => set({ search: e.target.value })}
          spellCheck={false}
        />
        {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: a <kbd> is not focusable; the shortcut is announced by the input's aria-keyshortcuts */}
        <kbd aria-hidden="true">/</kbd>
      </div>
      <div className="filter-row">
        <select
          aria-label="Account"
          value={state.accountId}
          onChange={(e) => set({ accountId: e.target.value })}
        >
          <option value="">All accounts</option>
          {options?.accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
        <select aria-label="Rule" value={state.ruleId} onChange={(e) => set({ ruleId: e.target.value })}>
          <option value="">All rules</option>
          {options?.rules.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
        <select
          aria-label="Severity"
          value={state.severity}
          onChange={(e) => set({ severity: e.target.value as FilterState['severity'] })}
        >
          <option value="">Any severity</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s[0]?.toUpperCase() + s.slice(1)}
            </option>
          ))}
        </select>
        <select
          aria-label="Status"
          value={state.status}
          onChange={(e) => set({ status: e.target.value as StatusChoice })}
        >
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-row">
        <label className="date">
          From
          <input
            type="date"
            value={state.from}
            max={state.to || undefined}
            onChange={(e) => set({ from: e.target.value })}
          />
        </label>
        <label className="date">
          To
          <input
            type="date"
            value={state.to}
            min={state.from || undefined}
            onChange={(e) => set({ to: e.target.value })}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={state.unreadOnly}
            onChange={(e) => set({ unreadOnly: e.target.checked })}
          />
          Unread only
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={state.notActed}
            onChange={(e) => set({ notActed: e.target.checked })}
          />
          Not acted on yet
        </label>
      </div>
      <div className="filter-summary">
        <span data-testid="result-count">
          {total === null ? 'Loading…' : totalAtLeast ? `${count(total)}+ moments` : plural(total, 'moment')}
          {state.ids ? ` from a notification` : ''}
        </span>
        {isFiltered(state) ? (
          <button type="button" className="link" onClick={() => onChange(NO_FILTER)}>
            Clear filters
          </button>
        ) : null}
        <span className="spacer" />
        <button type="button" className="link" onClick={onMarkAllRead} disabled={!total}>
          Mark {total && isFiltered(state) ? `these ${count(total)}` : 'all'} read
        </button>
      </div>
    </section>
  )
}
