import { describe, expect, it } from 'vitest'
import { forwardsNow } from '../../../main/desktop/worker/channelForwarding.ts'
import { defaultDesktopSettings } from '../../../shared/settings/desktopSettings.ts'

const settings = {
  ...defaultDesktopSettings(),
  slackForward: 'away',
  teamsForward: 'always',
  awayAfterMinutes: 10,
} as const
const detects = { idle: true, lock: true }
const atDesk = { idleSeconds: 30, locked: false, detects }
const away = { idleSeconds: 900, locked: false, detects }

describe('"only when I’m away", channel by channel', () => {
  it('holds back a channel set to away while the person is at the desk, and not one set to always', () => {
    expect(forwardsNow(settings, 'slack', atDesk)).toBe(false)
    expect(forwardsNow(settings, 'teams', atDesk)).toBe(true)
    expect(forwardsNow(settings, 'slack', away)).toBe(true)
    expect(forwardsNow(settings, 'slack', { idleSeconds: 0, locked: true, detects })).toBe(true)
  })

  it('forwards to a channel with no setting of its own always', () => {
    expect(forwardsNow(settings, 'pager', atDesk)).toBe(true)
  })
})
