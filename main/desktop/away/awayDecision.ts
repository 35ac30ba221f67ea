// Slack forward "only when I'm away": the person is away when the system has been idle for
// `awayAfterMinutes` or the screen is locked, so a moment is not shown twice to someone at
// their desk. The decision is evaluated per batch in the pipeline worker, from the presence the
// main process reports.

import type { PowerPort } from '../ports.ts'

export type SlackForwardMode = 'always' | 'away'

export interface Presence {
  idleSeconds: number
  locked: boolean
}

export function isAway(presence: Presence, awayAfterMinutes: number): boolean {
  return presence.locked || presence.idleSeconds >= awayAfterMinutes * 60
}

export function shouldForward(
  mode: SlackForwardMode,
  presence: Presence | null,
  awayAfterMinutes: number,
): boolean {
  if (mode === 'always') return true
  // No word from the main process yet (just started): the person launched the app, so is here.
  return presence !== null && isAway(presence, awayAfterMinutes)
}

/** Reads presence from the OS; the lock state tracked from events where `idleState` can't tell. */
export function presenceReader(power: PowerPort) {
  let lockedByEvent = false
  power.onLockChange((locked) => {
    lockedByEvent = locked
  })
  return (): Presence => {
    const state = power.idleState(1)
    return { idleSeconds: power.idleSeconds(), locked: lockedByEvent || state === 'locked' }
  }
}
