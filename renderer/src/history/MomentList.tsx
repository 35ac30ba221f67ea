import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef } from 'react'
import { MomentRow, MoreRepeatsRow, ROW_HEIGHT } from './MomentRow.tsx'
import type { MomentPages } from './useMomentPages.ts'
import type { ThreadedRows } from './useThreadedRows.ts'

interface Props {
  pages: MomentPages
  rows: ThreadedRows
  cursor: number | null
  openId: string | null
  onPick: (index: number) => void
  emptyText: string
}

/** Only the rows in view (and a few around) exist in the DOM, whatever the history's size. */
export function MomentList({ pages, rows, cursor, openId, onPick, emptyText }: Props) {
  const scroller = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: pages.total === null ? 0 : rows.count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items[items.length - 1]?.index ?? 0
  const { ensure } = rows

  useEffect(() => {
    // Settle first: a fast scroll over 100,000 rows asks only for where it stops.
    const timer = setTimeout(() => ensure(first, last), 40)
    return () => clearTimeout(timer)
  }, [first, last, ensure])

  useEffect(() => {
    if (cursor !== null) virtualizer.scrollToIndex(cursor, { align: 'auto' })
  }, [cursor, virtualizer])

  if (pages.error && pages.total === null) {
    return (
      <div className="list-state error" role="alert">
        <strong>The history could not be read.</strong>
        <span>{pages.error}</span>
      </div>
    )
  }
  if (pages.total === null) {
    return (
      <div className="list-state" aria-busy="true">
        Loading moments…
      </div>
    )
  }
  if (pages.total === 0) {
    return <div className="list-state">{emptyText}</div>
  }
  return (
    <div
      ref={scroller}
      className="moment-list"
      role="listbox"
      aria-label="Moments"
      aria-activedescendant={cursor !== null ? `moment-row-${cursor}` : undefined}
      tabIndex={0}
      data-testid="moment-list"
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const line = rows.line(item.index)
          if (line?.kind === 'more')
            return (
              <MoreRepeatsRow
                key={item.key}
                index={item.index}
                top={item.start}
                remaining={line.remaining}
                active={cursor === item.index}
                onPick={onPick}
              />
            )
          const moment = line?.moment
          return (
            <MomentRow
              key={item.key}
              index={item.index}
              top={item.start}
              moment={moment}
              repeat={line?.depth === 1}
              threadOpen={moment ? rows.isOpen(moment.id) : false}
              active={cursor === item.index}
              open={openId !== null && moment?.id === openId}
              onPick={onPick}
              onToggleThread={rows.toggle}
            />
          )
        })}
      </div>
    </div>
  )
}
