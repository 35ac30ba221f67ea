import type { Request, Response } from '../../../shared/ipc/contract.ts'
import type { Store } from '../../core/store/store.ts'

/** "Snooze this account", "Mute this rule" for a chosen time, in wall-clock time. */
export function createMutesService(deps: { store: () => Store; clock?: () => number }) {
  const clock = deps.clock ?? Date.now
  return {
    set(request: Request<'mutes.set'>): Response<'mutes.set'> {
      const until = clock() + request.forMs
      deps.store().mutes.set(request.kind, request.target, until)
      return { until: new Date(until).toISOString() }
    },
    clear(request: Request<'mutes.clear'>): Response<'mutes.clear'> {
      deps.store().mutes.clear(request.kind, request.target)
      return { ok: true }
    },
    list(): Response<'mutes.list'> {
      const store = deps.store()
      return store.mutes.listActive(clock()).map((mute) => ({
        kind: mute.kind,
        target: mute.target,
        label: store.moments.latestName(mute.kind, mute.target) ?? mute.target,
        until: new Date(mute.until).toISOString(),
      }))
    },
  }
}
