// App-level lifecycle: one instance, no Dock icon, Windows notification identity, hardening of
// every webContents and session, and a quit that lets the pipeline close its files first.

import { type App, app, Menu, session } from 'electron'
import { applicationMenuTemplate } from '../lifecycle/applicationMenu.ts'
import type { Platform } from '../ports.ts'
import { denyPermissions, guardWebContents } from '../security/guardWebContents.ts'
import { enforceCspHeaders } from './appProtocol.ts'

export const APP_USER_MODEL_ID = 'com.moments.desktop'

/** False when another Moments is running: that one is told to show itself, and this one quits. */
export function claimSingleInstance(onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false
  app.on('second-instance', onSecondInstance)
  // macOS does not start a second instance: opening the app again activates this one. It also
  // activates it once at launch, which must not open a window when started hidden at login.
  let launchedAt = Number.POSITIVE_INFINITY
  void app.whenReady().then(() => {
    launchedAt = Date.now()
  })
  app.on('activate', () => {
    if (Date.now() - launchedAt > 3_000) onSecondInstance()
  })
  return true
}

export function platformIdentity(target: App = app): void {
  // Windows shows toasts only for an app with an AppUserModelID (the NSIS installer's shortcut has the same).
  if (process.platform === 'win32') target.setAppUserModelId(APP_USER_MODEL_ID)
  // A tray app: no Dock icon on macOS.
  if (process.platform === 'darwin') target.dock?.hide()
}

/** Replaces Electron's default menu (see applicationMenu.ts); before any window exists. */
export function installApplicationMenu(platform: Platform): void {
  const template = applicationMenuTemplate(platform, app.name)
  Menu.setApplicationMenu(template ? Menu.buildFromTemplate(template) : null)
}

export function hardenSessions(log: (message: string) => void): void {
  denyPermissions(session.defaultSession)
  enforceCspHeaders(session.defaultSession)
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, (what, url) => log(`blocked ${what} to ${safeOrigin(url)}`))
  })
}

/** Quit waits (bounded) for `beforeQuit`, e.g. the pipeline closing SQLite; closing windows only hides them. */
export function quitCleanly(beforeQuit: () => Promise<void>): { isQuitting: () => boolean } {
  let quitting = false
  let cleaned = false
  app.on('window-all-closed', () => {
    // Stay in the tray.
  })
  app.on('before-quit', (event) => {
    quitting = true
    if (cleaned) return
    event.preventDefault()
    void beforeQuit().finally(() => {
      cleaned = true
      app.quit()
    })
  })
  return { isQuitting: () => quitting }
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return '(unparsable)'
  }
}
