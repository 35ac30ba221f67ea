import { lazy, Suspense, useCallback, useEffect, useState } from 'react'
import type { MomentDetail, MomentSummary } from '../../../shared/ipc/contract.ts'
import { call, errorText, subscribe } from '../bridge.ts'
import { fullTime } from '../ui/format.ts'
import { AccountFields } from './AccountFields.tsx'
import { EventFields } from './EventFields.tsx'
import { MomentActions } from './MomentActions.tsx'
import { MuteControls } from './MuteControls.tsx'
import { WhyYouGotThis } from './WhyYouGotThis.tsx'

interface Props {
  id: string
  onClose: () => void
  onReadChange: (id: string, read: boolean) => void
  /** An action was taken: the list row shows it (and the moment is read) */
  onActed: (id: string, acted: MomentSummary['acted']) => void
}

// recharts is most of the bundle: loaded when a detail pane first shows a chart, not at startup.
const AccountTimeline = lazy(() =>
  import('./AccountTimeline.tsx').then((m) => ({ default: m.AccountTimeline })),
)

type Loaded =
  | { state: 'loading' }
  | { state: 'missing' }
  | { state: 'error'; message: string }
  | { state: 'ok'; detail: MomentDetail }

export function DetailPane({ id, onClose, onReadChange, onActed }: Props) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' })
  const [note, setNote] = useState<string | null>(null)

  const load = useCallback(() => {
    let live = true
    call('moments.get', { id }).then(
      (detail) => live && setLoaded(detail ? { state: 'ok', detail } : { state: 'missing' }),
      (error) => live && setLoaded({ state: 'error', message: errorText(error) }),
    )
    return () => {
      live = false
    }
  }, [id])

  useEffect(() => {
    setLoaded({ state: 'loading' })
    setNote(null)
    return load()
  }, [load])

  // The moment can change while it is open: acted on from its notification, marked read by
  // "Mark all read", forgotten by retention. It is read again in place, without "Loading…".
  useEffect(() => {
    let cancel: (() => void) | undefined
    const off = subscribe('moments.changed', () => {
      cancel?.()
      cancel = load()
    })
    return () => {
      off()
      cancel?.()
    }
  }, [load])

  if (loaded.state !== 'ok') {
    return (
      <aside className="detail" aria-label="Moment">
        <div className="detail-state">
          {loaded.state === 'loading' ? 'Loading…' : null}
          {loaded.state === 'missing' ? 'This moment is no longer in the history.' : null}
          {loaded.state === 'error' ? (
            <span role="alert">Could not load this moment: {loaded.message}</span>
          ) : null}
        </div>
      </aside>
    )
  }
  const m = loaded.detail
  const openInSalesforce = async () => {
    try {
      const { ok } = await call('app.openAccount', { accountId: m.accountId })
      setNote(ok ? null : 'Salesforce is not connected, so there is no account page to open.')
    } catch (error) {
      setNote(errorText(error))
    }
  }
  const markUnread = async () => {
    await call('moments.markRead', { ids: [m.id], read: false })
    onReadChange(m.id, false)
    setNote('Marked unread.')
  }

  return (
    <aside className="detail" aria-label="Moment" data-testid="detail-pane">
      <div className="detail-head">
        <div className="detail-titles">
          <div className="detail-kicker">
            <span className={`severity ${m.severity}`}>{m.severity}</span>
            <span className={`status ${m.status}`}>{m.status === 'snoozed' ? 'Snoozed' : 'Shown'}</span>
            <time dateTime={m.occurredAt}>{fullTime(m.occurredAt)}</time>
          </div>
          <h2 data-testid="detail-title">{m.ruleName}</h2>
          <div className="detail-account">{m.accountName}</div>
        </div>
        <button type="button" className="icon" aria-label="Close (Esc)" title="Close (Esc)" onClick={onClose}>
          ×
        </button>
      </div>

      <p className="message" data-testid="detail-message">
        {m.body}
      </p>

      <MomentActions
        detail={m}
        onActed={(actions) => {
          const acted = [...new Set(actions.map((a) => a.kind))]
          setLoaded({ state: 'ok', detail: { ...m, actions, acted, read: true } })
          onActed(m.id, acted)
        }}
      />

      <div className="actions">
        <button type="button" onClick={openInSalesforce}>
          Open in Salesforce
        </button>
        <MuteControls detail={m} onChanged={load} onNote={setNote} />
        <button type="button" onClick={markUnread}>
          Mark unread
        </button>
      </div>
      {note ? (
        <p className="note" role="status">
          {note}
        </p>
      ) : null}

      <WhyYouGotThis detail={m} />
      <AccountFields detail={m} />
      <Suspense fallback={<section className="timeline muted">Loading the chart…</section>}>
        <AccountTimeline accountId={m.accountId} accountName={m.accountName} />
      </Suspense>
      <EventFields detail={m} />
    </aside>
  )
}
