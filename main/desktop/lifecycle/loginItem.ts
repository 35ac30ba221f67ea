// Launch at login on macOS and Windows, through Electron's login items (Linux: linuxAutostart.ts).
import type { LoginItemPort, Platform } from '../ports.ts'

/** Started at login on Windows (the Run key) and Linux (the autostart entry): stay in the tray. */
export const HIDDEN_ARG = '--hidden'

/** `app`, as much of it as the login item uses (Electron's own option names). */
export interface LoginItemApp {
  getLoginItemSettings(options?: { args?: string[] }): { openAtLogin: boolean }
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void
}

export function electronLoginItem(app: LoginItemApp, platform: Exclude<Platform, 'linux'>): LoginItemPort {
  // Windows: Electron answers openAtLogin by comparing the Run key's command line with the
  // executable plus the `args` it is asked with, so asking without `--hidden` is always false and
  // "off" would never be written. macOS (SMAppService from 13 on) takes no arguments at all.
  const args = platform === 'win32' ? [HIDDEN_ARG] : undefined
  return {
    get: () => app.getLoginItemSettings(args ? { args } : undefined).openAtLogin,
    set: (openAtLogin) => app.setLoginItemSettings(args ? { openAtLogin, args } : { openAtLogin }),
  }
}
