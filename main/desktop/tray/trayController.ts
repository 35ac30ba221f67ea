import type { SyncState } from '../../../shared/ipc/contract.ts'
import type { LatestMoment } from '../../../shared/notice.ts'
import type { Platform, TrayPort } from '../ports.ts'
import { trayIconPath } from './trayIcons.ts'
import { type TrayCommand, trayView } from './trayView.ts'

/** Keeps the real tray in step with the state; only what changed is handed to the OS. */
export function trayController(options: {
  tray: TrayPort
  platform: Platform
  resourcesDir: string
  clock: () => number
  onCommand: (command: TrayCommand) => void
}) {
  const { tray, platform } = options
  let shown = { icon: '', tooltip: '', title: '', menu: '' }
  return {
    render(sync: SyncState, latest: readonly LatestMoment[]): void {
      const view = trayView({ sync, latest, platform, now: options.clock() })
      const icon = trayIconPath(options.resourcesDir, platform, view.icon)
      const menu = JSON.stringify(view.menu)
      if (icon !== shown.icon) tray.setImage(icon)
      if (view.tooltip !== shown.tooltip) tray.setToolTip(view.tooltip)
      if (platform === 'darwin' && view.title !== shown.title) tray.setTitle(view.title)
      if (menu !== shown.menu) tray.setMenu(view.menu, (command) => options.onCommand(command as TrayCommand))
      shown = { icon, tooltip: view.tooltip, title: view.title, menu }
    },
  }
}
