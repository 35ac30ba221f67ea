// The real Electron objects behind the ports of `ports.ts`. Main process only.

import {
  app,
  dialog,
  Menu,
  Notification,
  nativeImage,
  net,
  powerMonitor,
  safeStorage,
  shell,
  type Tray,
} from 'electron'
import { linuxAutostart } from '../lifecycle/linuxAutostart.ts'
import { electronLoginItem } from '../lifecycle/loginItem.ts'
import type {
  CryptoPort,
  LoginItemPort,
  NetworkPort,
  NotifierPort,
  Platform,
  PowerPort,
  ShellPort,
  TrayPort,
} from '../ports.ts'
import type { ConfirmPort } from '../security/targetConfirmation.ts'
import { trayMenuTemplate } from '../tray/trayMenuTemplate.ts'

export function trayPort(tray: Tray, platform: Platform): TrayPort {
  return {
    setImage(path) {
      const image = nativeImage.createFromPath(path)
      if (platform === 'darwin') image.setTemplateImage(true)
      tray.setImage(image)
    },
    setToolTip: (text) => tray.setToolTip(text),
    setTitle: (text) => tray.setTitle(text),
    setMenu: (items, onCommand) =>
      tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(items, onCommand))),
  }
}

export function notifierPort(iconPath: string | undefined): NotifierPort {
  // Shown notifications are kept referenced: one collected by the GC no longer reports clicks.
  const live = new Set<Notification>()
  return {
    supported: () => Notification.isSupported(),
    show(spec, handlers) {
      const notification = new Notification({
        title: spec.title,
        body: spec.body,
        urgency: spec.urgency,
        silent: spec.silent,
        icon: iconPath,
        actions: spec.actions.map((text) => ({ type: 'button' as const, text })),
      })
      live.add(notification)
      const forget = () => live.delete(notification)
      notification.on('click', () => {
        forget()
        handlers.onClick()
      })
      notification.on('action', (details) => {
        forget()
        handlers.onAction(details.actionIndex)
      })
      notification.on('close', forget)
      notification.on('failed', (_event, error) => {
        forget()
        handlers.onFailed(error)
      })
      notification.show()
      // However the OS drops it, let it go after a day.
      setTimeout(forget, 86_400_000).unref()
    },
  }
}

export function powerPort(): PowerPort {
  return {
    idleSeconds: () => powerMonitor.getSystemIdleTime(),
    idleState: (threshold) => powerMonitor.getSystemIdleState(threshold),
    onResume: (listener) => void powerMonitor.on('resume', listener),
    onLockChange(listener) {
      powerMonitor.on('lock-screen', () => listener(true))
      powerMonitor.on('unlock-screen', () => listener(false))
    },
  }
}

export const networkPort: NetworkPort = { isOnline: () => net.isOnline() }

export const shellPort: ShellPort = { openExternal: (url) => shell.openExternal(url) }

/** A native question, Cancel the default (Enter and Esc both decline). */
export const confirmPort: ConfirmPort = {
  async confirm(question) {
    const { response } = await dialog.showMessageBox({
      type: 'warning',
      title: 'Moments',
      message: question.message,
      detail: question.detail,
      buttons: ['Change', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    })
    return response === 0
  },
}

export function loginItemPort(platform: Platform): LoginItemPort {
  // An AppImage runs from a temporary mount: autostart the AppImage file itself.
  if (platform === 'linux') return linuxAutostart({ executable: process.env.APPIMAGE ?? process.execPath })
  return electronLoginItem(app, platform)
}

export function cryptoPort(platform: Platform): CryptoPort {
  return {
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    backend: () => (platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null),
    encryptString: (plain) => safeStorage.encryptString(plain),
    decryptString: (encrypted) => safeStorage.decryptString(encrypted),
  }
}
