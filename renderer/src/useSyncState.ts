import { useEffect, useState } from 'react'
import type { SyncState } from '../../shared/ipc/contract.ts'
import { call, subscribe } from './bridge.ts'

/** The sync state, as main pushes it; read once on open. */
export function useSyncState(): SyncState | null {
  const [state, setState] = useState<SyncState | null>(null)
  useEffect(() => {
    let live = true
    call('status.get', {}).then(
      (s) => live && setState(s),
      () => {},
    )
    const off = subscribe('status.changed', (s) => setState(s))
    return () => {
      live = false
      off()
    }
  }, [])
  return state
}

/** Re-renders every `ms`, so "3 min ago" keeps telling the truth. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms)
    return () => clearInterval(timer)
  }, [ms])
  return now
}
