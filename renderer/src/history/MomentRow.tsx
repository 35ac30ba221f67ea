import { memo } from 'react'
import type { ActionKind, MomentSummary } from '../../../shared/ipc/contract.ts'
import { fullTime, listTime, plural } from '../ui/format.ts'
import { THREAD_PAGE } from './useThreadedRows.ts'

export const ROW_HEIGHT = 60

const ACTED_CHIP: Record<ActionKind, string> = {
  email: 'Reached out',
  log: 'Logged',
  done: 'Done',
  noise: 'Not useful',
}

interface Props {
  index: number
  top: number
  moment: MomentSummary | undefined
  /** A snoozed repeat shown in its delivered moment's thread */
  repeat?: boolean
  /** Its thread of repeats is open beneath it */
  threadOpen?: boolean
  active: boolean
  open: boolean
  onPick: (index: number) => void
  onToggleThread?: (id: string) => void
}

/** One moment in the list. Every value is a React text child: markup in event text stays text. */
export const MomentRow = memo(function MomentRow({
  index,
  top,
  moment,
  repeat = false,
  threadOpen = false,
  active,
  open,
  onPick,
  onToggleThread,
}: Props) {
  const style = { transform: `translateY(${top}px)`, height: ROW_HEIGHT }
  if (!moment) {
    return (
      <div className="moment-row placeholder" style={style} aria-hidden="true" data-testid="moment-row">
        <span className="skeleton wide" />
        <span className="skeleton" />
      </div>
    )
  }
  // A snoozed moment was never announced: quieter than the ones that were, read or not.
  const attention = moment.status === 'snoozed' ? 'quiet' : moment.read ? 'read' : 'unread'
  const classes = [
    'moment-row',
    attention,
    repeat ? 'repeat' : '',
    active ? 'active' : '',
    open ? 'open' : '',
  ]
  const repeats = moment.repeats
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox (MomentList) holds the focus and moves between its options with the arrow keys and Enter (useHistoryKeys), via aria-activedescendant
    // biome-ignore lint/a11y/useFocusableInteractive: an option of a listbox that holds the focus itself (aria-activedescendant); a tab stop per row would break that pattern
    <div
      id={`moment-row-${index}`}
      className={classes.join(' ')}
      style={style}
      role="option"
      aria-selected={open}
      data-testid="moment-row"
      data-moment-id={moment.id}
      onClick={() => onPick(index)}
    >
      <span className={`severity-dot ${moment.severity}`} title={`${moment.severity} severity`} />
      <div className="row-main">
        <div className="row-title">
          <span className="row-rule">{moment.ruleName}</span>
          <span className="row-account">{moment.accountName}</span>
        </div>
        <div className="row-body">{moment.body}</div>
      </div>
      <div className="row-meta">
        <time dateTime={moment.occurredAt} title={fullTime(moment.occurredAt)}>
          {listTime(moment.occurredAt)}
        </time>
        <span className="row-chips">
          {repeats && onToggleThread ? (
            <button
              type="button"
              className="chip thread"
              aria-expanded={threadOpen}
              aria-label={`${threadOpen ? 'Hide' : 'Show'} ${plural(repeats.count, 'repeat')}`}
              title={`Snoozed repeats, last ${fullTime(repeats.lastAt)} (→ opens, ← closes)`}
              data-testid="thread-toggle"
              onClick={(event) => {
                // The row stays as it is: the toggle opens the thread, not the moment.
                event.stopPropagation()
                onToggleThread(moment.id)
              }}
            >
              {threadOpen ? '▾' : '▸'} {plural(repeats.count, 'repeat')}
              {threadOpen ? '' : `, last ${listTime(repeats.lastAt)}`}
            </button>
          ) : null}
          {moment.status === 'snoozed' ? (
            <span className="chip snoozed">{repeat ? 'Repeat' : 'Snoozed'}</span>
          ) : null}
          {moment.folded > 0 ? (
            <span className="chip" title={`${moment.folded} similar moments folded into this one`}>
              +{moment.folded} folded
            </span>
          ) : null}
          {moment.forward === 'failed' ? (
            <span className="chip failed">{moment.forwardChannel ?? 'Forward'} failed</span>
          ) : null}
          {moment.forward === 'pending' ? (
            <span className="chip">{moment.forwardChannel ?? 'Forward'} queued</span>
          ) : null}
          {moment.acted.map((kind) => (
            <span key={kind} className={`chip acted ${kind}`}>
              {ACTED_CHIP[kind]}
            </span>
          ))}
        </span>
      </div>
    </div>
  )
})

/** The line under an open thread's repeats that fetches the next ones. */
export function MoreRepeatsRow({
  index,
  top,
  remaining,
  active,
  onPick,
}: {
  index: number
  top: number
  remaining: number
  active: boolean
  onPick: (index: number) => void
}) {
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: as MomentRow: the listbox holds the focus, Enter picks the active option (useHistoryKeys)
    // biome-ignore lint/a11y/useFocusableInteractive: as MomentRow: an option of a listbox using aria-activedescendant
    <div
      id={`moment-row-${index}`}
      className={['moment-row', 'repeat', 'more', active ? 'active' : ''].join(' ')}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      role="option"
      aria-selected={false}
      data-testid="more-repeats"
      onClick={() => onPick(index)}
    >
      Show {Math.min(remaining, THREAD_PAGE)} more of {plural(remaining, 'repeat')}
    </div>
  )
}
