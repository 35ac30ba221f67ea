import type { SyncState } from '../../../shared/ipc/contract.ts'
import type { LatestMoment } from '../../../shared/notice.ts'
import type { CatchUpProgress } from '../../core/pipeline/poller.ts'
import type { Store } from '../../core/store/store.ts'
import { storedSyncState } from '../service/syncState.ts'

/** What the worker knows of the poll in flight. */
export interface LiveSync {
  phase: 'idle' | 'syncing' | 'catching-up' | 'error'
  progress: CatchUpProgress | null
}

/** A poll that starts further back than this is a catch-up: its progress is shown. */
export const CATCH_UP_AFTER_MS = 10 * 60_000

export function livePhase(progress: CatchUpProgress): LiveSync['phase'] {
  return progress.to - progress.from > CATCH_UP_AFTER_MS ? 'catching-up' : 'syncing'
}

export function catchUpPercent(progress: CatchUpProgress): number {
  const span = progress.to - progress.from
  if (span <= 0) return 100
  return Math.max(0, Math.min(100, ((progress.at - progress.from) / span) * 100))
}

/** The sync state as the worker knows it; the main process adds what it owns (pause, offline). */
export interface WorkerSync {
  state: SyncState
  /** The pipeline cannot start with these settings */
  setupProblem: boolean
}

/**
 * A poll in flight wins (its progress is what the user waits for), then a pipeline that cannot
 * start, then the last poll's failure.
 */
export function workerSyncState(
  store: Store,
  live: LiveSync,
  context: { demo: boolean; problem: string | null },
): WorkerSync {
  const stored = storedSyncState(store, { demo: context.demo })
  const busy = live.phase === 'syncing' || live.phase === 'catching-up'
  const catchUp =
    live.phase === 'catching-up' && live.progress
      ? { percent: Math.round(catchUpPercent(live.progress) * 10) / 10, rows: live.progress.rows }
      : null
  if (busy) return { state: { ...stored, phase: live.phase, catchUp }, setupProblem: false }
  if (context.problem) {
    return { state: { ...stored, phase: 'error', lastError: context.problem }, setupProblem: true }
  }
  const failing = live.phase === 'error' || stored.phase === 'error'
  return { state: { ...stored, phase: failing ? 'error' : 'idle' }, setupProblem: false }
}

export function latestMoments(store: Store): LatestMoment[] {
  return store.moments
    .list({ status: 'delivered' }, { limit: 5 })
    .map((m) => ({ id: m.id, title: m.title, read: m.readAt !== null }))
}
