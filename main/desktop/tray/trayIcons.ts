import { join } from 'node:path'
import type { Platform } from '../ports.ts'
import type { TrayIconState } from './trayView.ts'

/**
 * The tray image for a state. macOS gets template images (black + alpha, named `…Template.png`
 * so the menu bar tints them for light and dark); Windows and Linux get coloured ones.
 * Electron picks the `@2x` file next to each by itself.
 */
export function trayIconPath(resourcesDir: string, platform: Platform, state: TrayIconState): string {
  const name = platform === 'darwin' ? `tray-${state}Template.png` : `tray-${state}.png`
  return join(resourcesDir, 'tray', name)
}
