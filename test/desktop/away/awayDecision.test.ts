import { describe, expect, it } from 'vitest'
import { isAway, presenceReader, shouldForward } from '../../../main/desktop/away/awayDecision.ts'
import type { PowerPort } from '../../../main/desktop/ports.ts'

describe('Slack "only when I\'m away"', () => {
  it('is away after N idle minutes, or with the screen locked', () => {
    expect(isAway({ idleSeconds: 599, locked: false }, 10)).toBe(false)
    expect(isAway({ idleSeconds: 600, locked: false }, 10)).toBe(true)
    expect(isAway({ idleSeconds: 0, locked: true }, 10)).toBe(true)
  })

  it('forwards always in "always" mode, and in "away" mode only while away', () => {
    const atDesk = { idleSeconds: 30, locked: false }
    const gone = { idleSeconds: 3_600, locked: false }
    expect(shouldForward('always', atDesk, 10)).toBe(true)
    expect(shouldForward('away', atDesk, 10)).toBe(false)
    expect(shouldForward('away', gone, 10)).toBe(true)
  })

  it('treats a person who just started the app as present', () => {
    expect(shouldForward('away', null, 10)).toBe(false)
  })

  it('reads presence from the OS, and remembers a lock reported by event', () => {
    let lockListener: (locked: boolean) => void = () => {}
    const power: PowerPort = {
      idleSeconds: () => 12,
      idleState: () => 'unknown',
      onResume: () => {},
      onLockChange: (listener) => {
        lockListener = listener
      },
    }
    const read = presenceReader(power)
    expect(read()).toEqual({ idleSeconds: 12, locked: false })
    lockListener(true)
    expect(read()).toEqual({ idleSeconds: 12, locked: true })
    lockListener(false)
    expect(read().locked).toBe(false)
  })
})
