import type { SyncState } from '../../../shared/ipc/contract.ts'
import { ago, count, untilText } from '../ui/format.ts'
import { useNow } from '../useSyncState.ts'

export type HistoryView = 'moments' | 'preview'

interface Props {
  status: SyncState | null
  view: HistoryView
  onView: (view: HistoryView) => void
  onSyncNow: () => void
  onSettings: () => void
}

export function SyncHeader({ status, view, onView, onSyncNow, onSettings }: Props) {
  const now = useNow()
  const busy = status?.phase === 'syncing' || status?.phase === 'catching-up'
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Moments
      </div>
      <nav className="tabs" aria-label="Views">
        <button type="button" aria-pressed={view === 'moments'} onClick={() => onView('moments')}>
          History
          {status && status.unread > 0 ? (
            <span className="badge" title={`${count(status.unread)} unread`}>
              {count(status.unread)}
            </span>
          ) : null}
        </button>
        <button type="button" aria-pressed={view === 'preview'} onClick={() => onView('preview')}>
          Preview rules
        </button>
      </nav>
      <output className={`sync sync-${phaseClass(status)}`} data-testid="sync-status" aria-live="polite">
        <span className="sync-dot" aria-hidden="true" />
        <span className="sync-text">{status ? syncText(status, now) : 'Connecting…'}</span>
        {status?.phase === 'catching-up' && status.catchUp ? (
          <progress max={100} value={status.catchUp.percent} aria-label="Catch-up progress" />
        ) : null}
      </output>
      <div className="header-actions">
        <button type="button" onClick={onSyncNow} disabled={busy}>
          Sync now
        </button>
        <button type="button" onClick={onSettings}>
          Settings
        </button>
      </div>
    </header>
  )
}

/** Idle before any sync is not "all good" yet: a neutral dot, not a green one. */
function phaseClass(status: SyncState | null): string {
  if (!status) return 'unknown'
  return status.phase === 'idle' && !status.lastSuccessAt ? 'unknown' : status.phase
}

function syncText(s: SyncState, now: number): string {
  const last = s.lastSuccessAt ? `last synced ${ago(s.lastSuccessAt, now)}` : 'not synced yet'
  switch (s.phase) {
    case 'syncing':
      return 'Syncing…'
    case 'catching-up':
      return s.catchUp
        ? `Catching up: ${Math.round(s.catchUp.percent)}% · ${count(s.catchUp.rows)} events`
        : 'Catching up…'
    case 'error':
      return `Sync failed${s.lastError ? `: ${s.lastError}` : ''} (${last})`
    case 'paused':
      return s.pausedUntil ? `Paused ${untilText(s.pausedUntil, now)}` : 'Paused'
    case 'offline':
      return `Offline, ${last}`
    default:
      return s.lastSuccessAt ? `Synced ${ago(s.lastSuccessAt, now)}` : 'Waiting for the first sync'
  }
}
