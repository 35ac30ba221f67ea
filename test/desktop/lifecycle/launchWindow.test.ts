// What a start opens: the history window, or nothing but the tray.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { claimFirstRun } from '../../../main/desktop/lifecycle/firstRun.ts'
import { type LaunchFacts, opensHistoryAtLaunch } from '../../../main/desktop/lifecycle/launchWindow.ts'

const started = (facts: Partial<LaunchFacts>): boolean =>
  opensHistoryAtLaunch({ platform: 'darwin', argv: [], firstRun: false, trayShown: true, ...facts })

describe('a start', () => {
  it('on macOS opens the history only the very first time: a login start cannot be told apart', () => {
    expect(started({ platform: 'darwin', firstRun: true })).toBe(true)
    expect(started({ platform: 'darwin', firstRun: false })).toBe(false)
  })

  it('on Windows and Linux stays in the tray when started at login with --hidden', () => {
    for (const platform of ['win32', 'linux'] as const) {
      expect(started({ platform, argv: ['moments-desktop.exe', '--hidden'] })).toBe(false)
      expect(started({ platform, argv: ['moments-desktop.exe'] })).toBe(true)
    }
  })

  it('opens the history even at login when the desktop shows no tray icon', () => {
    expect(started({ platform: 'linux', argv: ['moments-desktop', '--hidden'], trayShown: false })).toBe(true)
  })

  it('is a first run once per user data folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'moments-first-run-'))
    try {
      const userData = join(dir, 'Moments')
      expect(claimFirstRun(userData)).toBe(true)
      expect(claimFirstRun(userData)).toBe(false)
      expect(claimFirstRun(userData)).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
