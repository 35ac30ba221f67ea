import { describe, expect, it } from 'vitest'
import { withMainOverlay } from '../../../main/desktop/host/syncOverlay.ts'
import { syncState } from '../support/fixtures.ts'

const worker = (phase: 'idle' | 'syncing' | 'error', setupProblem = false) => ({
  state: syncState({ phase, lastError: phase === 'error' ? 'boom' : null }),
  setupProblem,
})
const UNTIL = '2026-11-26T13:00:00.000Z'

describe('the sync state main shows: the worker’s, with pause and offline', () => {
  it('shows a poll in flight over everything, with the pause it keeps', () => {
    expect(withMainOverlay(worker('syncing'), { pausedUntil: UNTIL, offline: true })).toMatchObject({
      phase: 'syncing',
      pausedUntil: UNTIL,
    })
  })

  it('shows settings that cannot work as an error, even offline', () => {
    expect(withMainOverlay(worker('error', true), { pausedUntil: null, offline: true }).phase).toBe('error')
  })

  it('shows a failing poll as offline while offline, as an error otherwise', () => {
    expect(withMainOverlay(worker('error'), { pausedUntil: null, offline: true }).phase).toBe('offline')
    expect(withMainOverlay(worker('error'), { pausedUntil: UNTIL, offline: false }).phase).toBe('error')
  })

  it('shows offline, then paused, then idle', () => {
    expect(withMainOverlay(worker('idle'), { pausedUntil: UNTIL, offline: true }).phase).toBe('offline')
    expect(withMainOverlay(worker('idle'), { pausedUntil: UNTIL, offline: false }).phase).toBe('paused')
    expect(withMainOverlay(worker('idle'), { pausedUntil: null, offline: false })).toEqual(syncState())
  })
})
