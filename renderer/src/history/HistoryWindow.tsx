import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { Response } from '../../../shared/ipc/contract.ts'
import { call, errorText, subscribe } from '../bridge.ts'
import { PreviewRules } from '../preview/PreviewRules.tsx'
import type { Route } from '../route.ts'
import { useSyncState } from '../useSyncState.ts'
import { ActiveMutes } from './ActiveMutes.tsx'
import { DemoBanner } from './DemoBanner.tsx'
import { DetailPane } from './DetailPane.tsx'
import { FilterBar } from './FilterBar.tsx'
import { type FilterState, filterStateOf, historyFilter, isFiltered, NO_FILTER } from './filterState.ts'
import { MomentList } from './MomentList.tsx'
import { type HistoryView, SyncHeader } from './SyncHeader.tsx'
import { useHistoryKeys } from './useHistoryKeys.ts'
import { useMomentPages } from './useMomentPages.ts'
import { useThreadedRows } from './useThreadedRows.ts'

const SEARCH_PAUSE_MS = 150

export function HistoryWindow({ view, go }: { view: HistoryView; go: (route: Route) => void }) {
  const [filters, setFilters] = useState<FilterState>(NO_FILTER)
  const search = useDebounced(filters.search, SEARCH_PAUSE_MS)
  const filter = useMemo(() => historyFilter(filters, search), [filters, search])
  // First: main answers in order, and the first page is what the user waits for.
  const pages = useMomentPages(filter)
  // Under the Snoozed filter every snoozed moment is a row of its own: no threads to open.
  const rows = useThreadedRows(pages, filter.status === 'snoozed' ? undefined : filter.search)
  const status = useSyncState()
  const [cursor, setCursor] = useState<number | null>(null)
  const [openId, setOpenId] = useState<string | null>(null)
  const [options, setOptions] = useState<Response<'filters.options'> | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const searchRef = useRef<HTMLInputElement>(null)

  const loadOptions = useCallback(() => {
    call('filters.options', {}).then(setOptions, () => {})
  }, [])
  const firstPageIn = pages.total !== null
  useEffect(() => {
    if (firstPageIn && options === null) loadOptions()
  }, [firstPageIn, options, loadOptions])

  // A new filter starts at the top with nothing open.
  // (the filter object changes exactly when the filter does)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the filter is the trigger, not an input
  useEffect(() => setCursor(null), [filter])

  useEffect(() => {
    const offChanged = subscribe('moments.changed', () => {
      pages.refresh()
      loadOptions()
    })
    const offNavigate = subscribe('navigate', (to) => {
      go('history')
      if ('momentId' in to) setOpenId(to.momentId)
      else {
        setFilters(filterStateOf(to.filter))
        setOpenId(null)
      }
    })
    return () => {
      offChanged()
      offNavigate()
    }
  }, [pages.refresh, loadOptions, go])

  const open = useCallback(
    (index: number) => {
      const line = rows.line(index)
      setCursor(index)
      if (line?.kind === 'more') {
        rows.more(line.threadId)
        return
      }
      const moment = line?.moment
      if (!moment) return
      setOpenId(moment.id)
      if (!moment.read) {
        rows.patch(moment.id, { read: true })
        call('moments.markRead', { ids: [moment.id] }).catch(() => rows.patch(moment.id, { read: false }))
      }
    },
    [rows],
  )

  /** The thread a line belongs to: its own moment's, or the one it is a repeat (or "more") in. */
  const threadAt = (index: number): { id: string; head: number } | null => {
    const line = rows.line(index)
    if (!line) return null
    const id = line.kind === 'more' ? line.threadId : line.depth === 1 ? line.moment.threadOf : line.moment.id
    if (!id) return null
    const head = rows.indexOf(id)
    return head === null ? null : { id, head }
  }

  const total = pages.total === null ? 0 : rows.count
  useHistoryKeys({
    searchRef,
    pageSize: 8,
    move: (by) => {
      if (total === 0) return
      const next = Math.min(total - 1, Math.max(0, (cursor ?? -1) + by))
      if (openId !== null) open(next)
      else setCursor(next)
    },
    moveTo: (index) => {
      if (total === 0) return
      const next = Math.min(total - 1, Math.max(0, index))
      if (openId !== null) open(next)
      else setCursor(next)
    },
    open: () => {
      if (cursor !== null) open(cursor)
      else if (total > 0) open(0)
    },
    close: () => {
      if (openId === null) return false
      setOpenId(null)
      return true
    },
    openThread: () => {
      const line = cursor === null ? undefined : rows.line(cursor)
      if (line?.kind === 'moment' && line.depth === 0 && line.moment.repeats && !rows.isOpen(line.moment.id))
        rows.toggle(line.moment.id)
    },
    closeThread: () => {
      const thread = cursor === null ? null : threadAt(cursor)
      if (!thread || !rows.isOpen(thread.id)) return
      rows.toggle(thread.id)
      setCursor(thread.head)
    },
    onSearchEscape: () => {
      if (filters.search) setFilters({ ...filters, search: '' })
      else searchRef.current?.blur()
    },
  })

  const openSettings = async () => {
    const answer = await call('app.openSettings', {}).catch(() => ({ ok: false }))
    if (!answer.ok) go('settings')
  }
  const syncNow = () => call('sync.now', {}).catch((e) => setNotice(`Sync failed: ${errorText(e)}`))
  const markAllRead = async () => {
    try {
      const { updated } = await call('moments.markAllRead', { filter })
      setNotice(updated === 0 ? 'Everything here was read already.' : null)
      pages.refresh()
    } catch (e) {
      setNotice(errorText(e))
    }
  }

  return (
    <div className="history-window">
      <SyncHeader
        status={status}
        view={view}
        onView={(v) => go(v === 'preview' ? 'preview' : 'history')}
        onSyncNow={syncNow}
        onSettings={openSettings}
      />
      {status?.demo ? <DemoBanner onConnect={openSettings} /> : null}
      {notice ? (
        <div className="notice" role="status">
          {notice}
          <button type="button" className="link" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
      {view === 'preview' ? (
        <PreviewRules />
      ) : (
        <main className="history-main">
          <div className="list-column">
            <FilterBar
              state={filters}
              onChange={setFilters}
              options={options}
              total={pages.total}
              totalAtLeast={pages.totalAtLeast}
              searchRef={searchRef}
              onMarkAllRead={markAllRead}
            />
            <MomentList
              pages={pages}
              rows={rows}
              cursor={cursor}
              openId={openId}
              onPick={open}
              emptyText={
                isFiltered(filters)
                  ? 'No moments match these filters.'
                  : 'No moments yet. They appear here as soon as one of your accounts does something worth knowing.'
              }
            />
          </div>
          {openId ? (
            <DetailPane
              key={openId}
              id={openId}
              onClose={() => setOpenId(null)}
              onReadChange={(id, read) => rows.patch(id, { read })}
              onActed={(id, acted) => rows.patch(id, { acted, read: true })}
            />
          ) : (
            <aside className="detail empty" aria-label="Moment">
              {total > 0 ? (
                <div className="detail-state">
                  <p>
                    Select a moment to see what happened, why you got it, and the account’s recent activity.
                  </p>
                  <p className="keys">
                    <kbd>↑</kbd> <kbd>↓</kbd> move · <kbd>Enter</kbd> open · <kbd>→</kbd> <kbd>←</kbd> repeats
                    · <kbd>/</kbd> search · <kbd>Esc</kbd> close
                  </p>
                </div>
              ) : null}
              <ActiveMutes />
            </aside>
          )}
        </main>
      )}
    </div>
  )
}

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return settled
}
