import { describe, expect, it } from 'vitest'
import { isAway, presenceReader, shouldForward } from '../../../main/desktop/away/awayDecision.ts'
import type { SessionPresence, SessionReading } from '../../../main/desktop/away/sessionPresence.ts'
import type { PowerPort } from '../../../main/desktop/ports.ts'

const BOTH = { idle: true, lock: true }

/** powerMonitor as Electron answers it: idle seconds, an idle state, lock events (macOS, Windows). */
function fakePower(idle: () => number) {
  let lockListener: (locked: boolean) => void = () => {}
  const power: PowerPort = {
    idleSeconds: idle,
    idleState: () => 'unknown',
    onResume: () => {},
    onLockChange: (listener) => {
      lockListener = listener
    },
  }
  return { power, lock: (locked: boolean) => lockListener(locked) }
}

function desktopSays(reading: SessionReading): SessionPresence {
  return { refresh: async () => reading, last: () => reading }
}

describe('Slack "only when I\'m away"', () => {
  it('is away after N idle minutes, or with the screen locked', () => {
    expect(isAway({ idleSeconds: 599, locked: false, detects: BOTH }, 10)).toBe(false)
    expect(isAway({ idleSeconds: 600, locked: false, detects: BOTH }, 10)).toBe(true)
    expect(isAway({ idleSeconds: 0, locked: true, detects: BOTH }, 10)).toBe(true)
  })

  it('forwards always in "always" mode, and in "away" mode only while away', () => {
    const atDesk = { idleSeconds: 30, locked: false, detects: BOTH }
    const gone = { idleSeconds: 3_600, locked: false, detects: BOTH }
    expect(shouldForward('always', atDesk, 10)).toBe(true)
    expect(shouldForward('away', atDesk, 10)).toBe(false)
    expect(shouldForward('away', gone, 10)).toBe(true)
  })

  it('treats a person who just started the app as present', () => {
    expect(shouldForward('away', null, 10)).toBe(false)
  })

  it('forwards everything where the desktop tells neither idle time nor the lock', () => {
    const blind = { idleSeconds: 0, locked: false, detects: { idle: false, lock: false } }
    expect(shouldForward('away', blind, 10)).toBe(true)
    const lockOnly = { idleSeconds: 0, locked: false, detects: { idle: false, lock: true } }
    expect(shouldForward('away', lockOnly, 10)).toBe(false)
    expect(shouldForward('away', { ...lockOnly, locked: true }, 10)).toBe(true)
  })

  it('reads presence from the OS, and remembers a lock reported by event', () => {
    const { power, lock } = fakePower(() => 12)
    const read = presenceReader(power, { platform: 'darwin', wayland: false })
    expect(read()).toEqual({ idleSeconds: 12, locked: false, detects: BOTH })
    lock(true)
    expect(read()).toEqual({ idleSeconds: 12, locked: true, detects: BOTH })
    lock(false)
    expect(read().locked).toBe(false)
  })

  it('on Linux X11 has idle time but no lock events', () => {
    const { power } = fakePower(() => 0)
    expect(presenceReader(power, { platform: 'linux', wayland: false })().detects).toEqual({
      idle: true,
      lock: false,
    })
  })

  it('under Wayland trusts Electron’s idle time only once it has been above zero (GNOME: 0 for ever)', () => {
    let idle = 0
    const { power } = fakePower(() => idle)
    const read = presenceReader(power, { platform: 'linux', wayland: true })
    for (let i = 0; i < 5; i++) expect(read().detects).toEqual({ idle: false, lock: false })
    idle = 4
    expect(read().detects).toEqual({ idle: true, lock: false })
    idle = 0
    expect(read().detects).toEqual({ idle: true, lock: false })
  })

  it('under GNOME Wayland takes idle time and the lock from the desktop’s D-Bus answers', () => {
    const { power } = fakePower(() => 0)
    const gnome = presenceReader(
      power,
      { platform: 'linux', wayland: true },
      desktopSays({ idleSeconds: 900, locked: true }),
    )
    expect(gnome()).toEqual({ idleSeconds: 900, locked: true, detects: BOTH })
    const silent = presenceReader(
      power,
      { platform: 'linux', wayland: true },
      desktopSays({ idleSeconds: null, locked: null }),
    )
    expect(silent()).toEqual({ idleSeconds: 0, locked: false, detects: { idle: false, lock: false } })
  })
})
