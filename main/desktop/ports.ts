// The few Electron capabilities the main-process modules use, as small interfaces: the real
// adapters live in `electron/` (the only main-process folder that imports `electron` besides the
// entry), and tests pass typed fakes. Types only: no runtime import of `electron` here.

import type { TrayMenuItem } from './tray/trayView.ts'

export type Platform = 'darwin' | 'win32' | 'linux'

export interface TrayPort {
  setImage(iconPath: string): void
  setToolTip(text: string): void
  /** macOS only: text next to the icon in the menu bar */
  setTitle(text: string): void
  setMenu(items: readonly TrayMenuItem[], onCommand: (command: string) => void): void
}

export type NotificationUrgency = 'low' | 'normal' | 'critical'

export interface NotificationSpec {
  title: string
  body: string
  urgency: NotificationUrgency
  /** Button labels, in order; shown where the OS supports actions (macOS, Windows) */
  actions: string[]
  silent: boolean
}

export interface NotificationHandlers {
  onClick(): void
  /** `index` into `spec.actions` */
  onAction(index: number): void
  /**
   * Electron's `failed`: the OS refused to show it (documented for Windows in Electron 41; from
   * Electron 42 also every notification of an unsigned macOS build)
   */
  onFailed(error: string): void
}

export interface NotifierPort {
  /** False on a desktop without a notification server */
  supported(): boolean
  show(spec: NotificationSpec, handlers: NotificationHandlers): void
}

export interface PowerPort {
  /** Seconds since the last keyboard or mouse input */
  idleSeconds(): number
  /** `locked` where the OS can tell; `unknown` elsewhere */
  idleState(thresholdSeconds: number): 'active' | 'idle' | 'locked' | 'unknown'
  onResume(listener: () => void): void
  onLockChange(listener: (locked: boolean) => void): void
}

export interface NetworkPort {
  isOnline(): boolean
}

export interface ShellPort {
  openExternal(url: string): Promise<void>
}

export interface LoginItemPort {
  set(openAtLogin: boolean): void
  get(): boolean
}

/** Electron's safeStorage, as much of it as the vault uses. */
export interface CryptoPort {
  isEncryptionAvailable(): boolean
  /** Linux: `basic_text` means no keyring was found and "encryption" is a fixed key */
  backend(): string | null
  encryptString(plain: string): Buffer
  decryptString(encrypted: Buffer): string
}
