// The whole surface a window can reach: `window.moments`, over the contract's channels only.
// Runs in the sandboxed preload; no Node, no raw `ipcRenderer` handed to the page.

import {
  CHANNELS,
  type Channel,
  EVENT_NAMES,
  type EventName,
  type Events,
  type MomentsBridge,
  type Request,
  type Response,
} from '../../../shared/ipc/contract.ts'

export interface IpcRendererPort {
  invoke(channel: string, request: unknown): Promise<unknown>
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown
}

const channels: ReadonlySet<string> = new Set(CHANNELS)
const events: ReadonlySet<string> = new Set(EVENT_NAMES)

/**
 * Pushes kept until the page listens. Electron's IPC hands a message only to the listeners there
 * when it arrives, and main sends `navigate` (a notification click) as soon as the window has
 * loaded, which is before the page's React effect subscribes: the first click after a start in
 * the tray would open the history without its moment. The preload listens from the start (it
 * runs before any page script), so it keeps the latest one for the page's first listener.
 */
const KEPT_UNTIL_HEARD: ReadonlySet<EventName> = new Set<EventName>(['navigate'])

export function createBridge(ipc: IpcRendererPort): MomentsBridge {
  const kept = new Map<string, unknown>()
  const keptListeners = new Map<string, Set<(payload: unknown) => void>>()
  for (const event of KEPT_UNTIL_HEARD) {
    const listeners = new Set<(payload: unknown) => void>()
    keptListeners.set(event, listeners)
    ipc.on(event, (_event, payload) => {
      if (listeners.size === 0) kept.set(event, payload)
      else for (const listener of [...listeners]) listener(payload)
    })
  }

  return Object.freeze({
    invoke<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> {
      if (typeof channel !== 'string' || !channels.has(channel)) {
        return Promise.reject(
          new Error(`moments.invoke: ${String(channel)} is not a channel of the contract`),
        )
      }
      return ipc.invoke(channel, request) as Promise<Response<C>>
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      if (typeof event !== 'string' || !events.has(event)) {
        throw new Error(`moments.on: ${String(event)} is not an event of the contract`)
      }
      if (typeof listener !== 'function') throw new Error('moments.on: listener must be a function')
      const listeners = keptListeners.get(event)
      if (listeners) {
        const heard = (payload: unknown) => listener(payload as Events[E])
        listeners.add(heard)
        if (kept.has(event)) {
          const payload = kept.get(event)
          kept.delete(event)
          heard(payload)
        }
        return () => {
          listeners.delete(heard)
        }
      }
      // The IpcRendererEvent stays here: it carries `sender`, which the page must not get.
      const wrapped = (_event: unknown, payload: unknown) => listener(payload as Events[E])
      ipc.on(event, wrapped)
      return () => {
        ipc.removeListener(event, wrapped)
      }
    },
  })
}

export interface ContextBridgePort {
  exposeInMainWorld(key: string, api: unknown): void
}

/** The preload's only act: one key, `moments`. */
export function exposeMomentsBridge(contextBridge: ContextBridgePort, ipc: IpcRendererPort): void {
  contextBridge.exposeInMainWorld('moments', createBridge(ipc))
}
