// The history and settings windows: created on first use, hidden (not destroyed) on close so
// the app lives on in the tray, destroyed only when the app quits. A new window is created with
// `show: false` and shown on its `ready-to-show` (its first paint), so it never flashes blank.

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
  /** Once, when the page has painted for the first time while hidden (BrowserWindow `ready-to-show`) */
  onReadyToShow(listener: () => void): void
  /** `close` that may be prevented; `closed` once gone */
  onClose(listener: (event: { preventDefault(): void }) => void): void
  onClosed(listener: () => void): void
}

export type WindowFactory = (name: WindowName) => AppWindowPort

export function windowUrl(name: WindowName): string {
  return `${APP_ORIGIN}/index.html#/${name}`
}

/** A window whose first paint has not come this long after its load settled is shown anyway. */
export const READY_TO_SHOW_GRACE_MS = 1_000

export function appWindows(options: {
  create: WindowFactory
  isQuitting: () => boolean
  readyGraceMs?: number
}) {
  const open = new Map<WindowName, AppWindowPort>()
  const loaded = new WeakMap<AppWindowPort, Promise<void>>()
  /** Created, not painted yet: show() waits for ready-to-show (or the grace after the load) */
  const painting = new WeakMap<AppWindowPort, { wanted: boolean }>()

  function reveal(window: AppWindowPort): void {
    if (window.isDestroyed()) return
    window.show()
    window.focus()
  }

  function ensure(name: WindowName): AppWindowPort {
    const existing = open.get(name)
    if (existing && !existing.isDestroyed()) return existing
    const window = options.create(name)
    open.set(name, window)
    const firstPaint = { wanted: false }
    painting.set(window, firstPaint)
    const painted = () => {
      if (painting.get(window) !== firstPaint) return
      painting.delete(window)
      if (firstPaint.wanted) reveal(window)
    }
    window.onReadyToShow(painted)
    window.onClose((event) => {
      if (options.isQuitting()) return
      // Closing a window hides it: Moments keeps running in the tray.
      event.preventDefault()
      window.hide()
    })
    window.onClosed(() => {
      if (open.get(name) === window) open.delete(name)
    })
    const load = window.load(windowUrl(name)).catch(() => {})
    loaded.set(window, load)
    // ready-to-show normally follows did-finish-load; a page that never paints still appears.
    void load.then(() => setTimeout(painted, options.readyGraceMs ?? READY_TO_SHOW_GRACE_MS).unref?.())
    return window
  }

  return {
    show(name: WindowName): AppWindowPort {
      const window = ensure(name)
      const firstPaint = painting.get(window)
      if (firstPaint) firstPaint.wanted = true
      else reveal(window)
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
