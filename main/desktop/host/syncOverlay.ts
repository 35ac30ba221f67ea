import type { SyncState } from '../../../shared/ipc/contract.ts'
import type { WorkerSync } from '../worker/syncState.ts'

/** What only the main process knows of the sync state. */
export interface MainOverlay {
  pausedUntil: string | null
  offline: boolean
}

/**
 * The sync state the tray and the windows show: the worker's, then main's own. A poll in flight
 * wins, then a pipeline that cannot start; a failing poll while offline is "offline"; then offline,
 * then paused.
 */
export function withMainOverlay(worker: WorkerSync, overlay: MainOverlay): SyncState {
  const state: SyncState = { ...worker.state, pausedUntil: overlay.pausedUntil }
  if (state.phase === 'syncing' || state.phase === 'catching-up') return state
  if (worker.setupProblem) return state
  if (state.phase === 'error') return { ...state, phase: overlay.offline ? 'offline' : 'error' }
  if (overlay.offline) return { ...state, phase: 'offline' }
  if (overlay.pausedUntil) return { ...state, phase: 'paused' }
  return state
}
