import { memo } from 'react'
import type { ActionKind, MomentSummary } from '../../../shared/ipc/contract.ts'
import { fullTime, listTime } from '../ui/format.ts'

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
  active: boolean
  open: boolean
  onPick: (index: number) => void
}

/** One moment in the list. Every value is a React text child: markup in event text stays text. */
export const MomentRow = memo(function MomentRow({ index, top, moment, active, open, onPick }: Props) {
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
  const classes = ['moment-row', attention, active ? 'active' : '', open ? 'open' : '']
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
          {moment.status === 'snoozed' ? <span className="chip snoozed">Snoozed</span> : null}
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
