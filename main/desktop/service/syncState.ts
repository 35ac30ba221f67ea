import type { SyncState } from '../../../shared/ipc/contract.ts'
import type { Store } from '../../core/store/store.ts'

/**
 * The sync state as far as the store knows it (last success, last error, unread count). The
 * desktop main process overlays what only it knows: a poll in progress, catch-up, pause, offline.
 */
export function storedSyncState(store: Store, overlay: Partial<SyncState> = {}): SyncState {
  const sync = store.sync.get()
  const failing =
    sync.lastErrorAt !== null && (sync.lastSuccessAt === null || sync.lastErrorAt > sync.lastSuccessAt)
  return {
    phase: failing ? 'error' : 'idle',
    lastSuccessAt: sync.lastSuccessAt === null ? null : new Date(sync.lastSuccessAt).toISOString(),
    lastError: failing ? sync.lastError : null,
    catchUp: null,
    pausedUntil: null,
    demo: false,
    // Unread among the shown ones: a snoozed moment was never announced, so it is not "new".
    unread: store.moments.count({ unreadOnly: true, status: 'delivered' }),
    ...overlay,
  }
}
