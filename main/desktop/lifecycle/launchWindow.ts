// Whether Moments opens its history window when it starts, or stays in the tray.
import type { Platform } from '../ports.ts'
import { HIDDEN_ARG } from './loginItem.ts'

export interface LaunchFacts {
  platform: Platform
  argv: readonly string[]
  /** No earlier start on this account (see firstRun.ts) */
  firstRun: boolean
  /** False where the desktop shows no tray icon (GNOME without an AppIndicator extension) */
  trayShown: boolean
}

export function opensHistoryAtLaunch(facts: LaunchFacts): boolean {
  // Without a tray icon a hidden start would leave no way into the app at all.
  if (!facts.trayShown) return true
  // macOS: the menu bar icon is the interface. Electron's wasOpenedAtLogin comes from the launch
  // Apple event, which an SMAppService login item (what setLoginItemSettings uses from macOS 13)
  // does not mark as a login launch, and `args` are Windows-only: a login start can't be told
  // apart, so no start opens a window but the very first, which shows where Moments lives.
  if (facts.platform === 'darwin') return facts.firstRun
  // Windows (Run key) and Linux (autostart entry) start us with --hidden at login.
  return !facts.argv.includes(HIDDEN_ARG)
}
