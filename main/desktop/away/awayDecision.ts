// Slack forward "only when I'm away": the person is away when the system has been idle for
// `awayAfterMinutes` or the screen is locked, so a moment is not shown twice to someone at
// their desk. The decision is evaluated per batch in the pipeline worker, from the presence the
// main process reports.

import type { AwayDetection } from '../../../shared/ipc/contract.ts'
import type { ForwardMode } from '../../../shared/settings/channelSettings.ts'
import type { Platform, PowerPort } from '../ports.ts'
import type { SessionPresence } from './sessionPresence.ts'

export interface Presence {
  idleSeconds: number
  locked: boolean
  /** Which of the two this desktop can tell at all */
  detects: AwayDetection
}

export function isAway(presence: Presence, awayAfterMinutes: number): boolean {
  return presence.locked || presence.idleSeconds >= awayAfterMinutes * 60
}

export function shouldForward(
  mode: ForwardMode,
  presence: Presence | null,
  awayAfterMinutes: number,
): boolean {
  if (mode === 'always') return true
  // No word from the main process yet (just started): the person launched the app, so is here.
  if (presence === null) return false
  // A desktop that tells neither idle time nor the lock would never count as away: forward all,
  // as the settings window says.
  if (!presence.detects.idle && !presence.detects.lock) return true
  return isAway(presence, awayAfterMinutes)
}

export interface PresenceFacts {
  platform: Platform
  /** A Linux Wayland session (see linux/desktopSession.ts) */
  wayland: boolean
}

/**
 * Reads presence from the OS: Electron's idle time and lock events, and on Linux what the desktop
 * says over D-Bus (the last `session.refresh()`). Under Wayland, Electron's idle time counts only
 * once it has been seen above zero: a compositor without an idle protocol answers 0 for ever.
 */
export function presenceReader(power: PowerPort, facts: PresenceFacts, session?: SessionPresence) {
  let lockedByEvent = false
  let idleSeen = false
  power.onLockChange((locked) => {
    lockedByEvent = locked
  })
  return (): Presence => {
    const state = power.idleState(1)
    const electronIdle = power.idleSeconds()
    if (electronIdle > 0) idleSeen = true
    const desktop = session?.last() ?? { idleSeconds: null, locked: null }
    const detects: AwayDetection =
      facts.platform === 'linux'
        ? { idle: desktop.idleSeconds !== null || !facts.wayland || idleSeen, lock: desktop.locked !== null }
        : { idle: true, lock: true }
    return {
      idleSeconds: Math.max(electronIdle, desktop.idleSeconds ?? 0),
      locked: lockedByEvent || state === 'locked' || desktop.locked === true,
      detects,
    }
  }
}
