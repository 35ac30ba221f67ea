// The history and settings windows: created on first use, hidden (not destroyed) on close so
// the app lives on in the tray, destroyed only when the app quits.

import type { EventName, Events } from '../../../shared/ipc/contract.ts'
import { APP_ORIGIN } from '../ipc/senderTrust.ts'

export type WindowName = 'history' | 'settings'

export interface AppWindowPort {
  /** The webContents id: IPC from it is trusted */
  readonly contentsId: number
  /** Resolves once the page has loaded (a push sent earlier would be lost) */
  load(url: string): Promise<void>
  show(): void
  hide(): void
  focus(): void
  isDestroyed(): boolean
  send(event: string, payload: unknown): void
  /** `close` that may be prevented; `closed` once gone */
  onClose(listener: (event: { preventDefault(): void }) => void): void
  onClosed(listener: () => void): void
}

export type WindowFactory = (name: WindowName) => AppWindowPort

export function windowUrl(name: WindowName): string {
  return `${APP_ORIGIN}/index.html#/${name}`
}

export function appWindows(options: { create: WindowFactory; isQuitting: () => boolean }) {
  const open = new Map<WindowName, AppWindowPort>()
  const loaded = new WeakMap<AppWindowPort, Promise<void>>()

  function ensure(name: WindowName): AppWindowPort {
    const existing = open.get(name)
    if (existing && !existing.isDestroyed()) return existing
    const window = options.create(name)
    open.set(name, window)
    window.onClose((event) => {
      if (options.isQuitting()) return
      // Closing a window hides it: Moments keeps running in the tray.
      event.preventDefault()
      window.hide()
    })
    window.onClosed(() => {
      if (open.get(name) === window) open.delete(name)
    })
    loaded.set(
      window,
      window.load(windowUrl(name)).catch(() => {}),
    )
    return window
  }

  return {
    show(name: WindowName): AppWindowPort {
      const window = ensure(name)
      window.show()
      window.focus()
      return window
    },
    /** Every live window's webContents id: the only senders IPC accepts. */
    contentsIds(): ReadonlySet<number> {
      return new Set([...open.values()].filter((w) => !w.isDestroyed()).map((w) => w.contentsId))
    },
    /** A push to every open window (status, new moments). */
    broadcast<E extends EventName>(event: E, payload: Events[E]): void {
      for (const window of open.values()) if (!window.isDestroyed()) window.send(event, payload)
    },
    /** A push to one window, opening it first (a notification click). */
    async sendTo<E extends EventName>(name: WindowName, event: E, payload: Events[E]): Promise<void> {
      const window = this.show(name)
      await loaded.get(window)
      if (!window.isDestroyed()) window.send(event, payload)
    },
  }
}

export type AppWindows = ReturnType<typeof appWindows>
