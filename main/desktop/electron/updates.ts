import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { updatesEnabled } from '../updater/updatePolicy.ts'

/** electron-updater, only for a packaged build with a publish URL (app-update.yml); checks every 6 h. */
export function startUpdates(options: {
  isPackaged: boolean
  resourcesPath: string
  log: (level: 'info' | 'warn', message: string) => void
}): void {
  const enabled = updatesEnabled({
    isPackaged: options.isPackaged,
    hasUpdateConfig: existsSync(join(options.resourcesPath, 'app-update.yml')),
    env: process.env,
  })
  if (!enabled) return
  void import('electron-updater').then(({ default: updater }) => {
    const check = () =>
      updater.autoUpdater
        .checkForUpdatesAndNotify()
        .catch((error: Error) => options.log('warn', `update check failed: ${error.message}`))
    void check()
    setInterval(check, 6 * 3_600_000).unref()
  })
}
