import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { updateFeedProblem, updatesEnabled } from '../updater/updatePolicy.ts'

/** electron-updater, only for a packaged build with a publish URL (app-update.yml); checks every 6 h. */
export function startUpdates(options: {
  isPackaged: boolean
  resourcesPath: string
  log: (level: 'info' | 'warn', message: string) => void
}): void {
  const feedFile = join(options.resourcesPath, 'app-update.yml')
  const enabled = updatesEnabled({
    isPackaged: options.isPackaged,
    hasUpdateConfig: existsSync(feedFile),
    env: process.env,
  })
  if (!enabled) return
  const problem = updateFeedProblem(readFileSync(feedFile, 'utf8'), process.platform)
  if (problem) {
    options.log('warn', `updates are off: ${problem}`)
    return
  }
  void import('electron-updater').then(({ default: updater }) => {
    const check = () =>
      updater.autoUpdater
        .checkForUpdatesAndNotify()
        .catch((error: Error) => options.log('warn', `update check failed: ${error.message}`))
    void check()
    setInterval(check, 6 * 3_600_000).unref()
  })
}
