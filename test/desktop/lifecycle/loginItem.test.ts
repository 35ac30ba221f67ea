// Launch at login on Windows and macOS over a fake `app` that answers as Electron 41 does.
import { describe, expect, it } from 'vitest'
import {
  electronLoginItem,
  HIDDEN_ARG,
  type LoginItemApp,
} from '../../../main/desktop/lifecycle/loginItem.ts'

const EXE = 'C:\\Users\\am\\AppData\\Local\\Programs\\Moments\\moments-desktop.exe'

/**
 * Windows: the HKCU Run key holds one command line; `getLoginItemSettings` says openAtLogin only
 * when that line equals the executable plus the `args` it is given (empty when none), as
 * Browser::GetLoginItemSettings compares them.
 */
class WindowsRunKey implements LoginItemApp {
  value: string | undefined
  getLoginItemSettings(options?: { args?: string[] }) {
    return { openAtLogin: this.value !== undefined && this.value === commandLine(options?.args ?? []) }
  }
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }) {
    this.value = settings.openAtLogin ? commandLine(settings.args ?? []) : undefined
  }
}

function commandLine(args: string[]): string {
  return [`"${EXE}"`, ...args].join(' ')
}

/** macOS 13+: SMAppService's status for the main app; no arguments exist. */
class MacLoginItems implements LoginItemApp {
  registered = false
  asked: unknown[] = []
  getLoginItemSettings(options?: { args?: string[] }) {
    this.asked.push(options)
    return { openAtLogin: this.registered }
  }
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }) {
    this.asked.push(settings)
    this.registered = settings.openAtLogin
  }
}

describe('launch at login', () => {
  it('on Windows is read back with the same --hidden it was written with, so it can be turned off', () => {
    const runKey = new WindowsRunKey()
    const login = electronLoginItem(runKey, 'win32')
    login.set(true)
    expect(runKey.value).toBe(`"${EXE}" ${HIDDEN_ARG}`)
    expect(login.get()).toBe(true)
    login.set(false)
    expect(runKey.value).toBeUndefined()
    expect(login.get()).toBe(false)
  })

  it('on Windows, asking without the arguments is what made it look off forever', () => {
    const runKey = new WindowsRunKey()
    electronLoginItem(runKey, 'win32').set(true)
    expect(runKey.getLoginItemSettings().openAtLogin).toBe(false)
  })

  it('on macOS registers the app itself, without Windows-only arguments', () => {
    const items = new MacLoginItems()
    const login = electronLoginItem(items, 'darwin')
    login.set(true)
    expect(login.get()).toBe(true)
    login.set(false)
    expect(login.get()).toBe(false)
    expect(items.asked).toEqual([{ openAtLogin: true }, undefined, { openAtLogin: false }, undefined])
  })
})
