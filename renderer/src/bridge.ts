// The windows' only way out: the preload's `window.moments` (typed by the shared contract).

import { errorMessage } from '../../shared/errorMessage.ts'
import type {
  Channel,
  EventName,
  Events,
  MomentsBridge,
  Request,
  Response,
} from '../../shared/ipc/contract.ts'

declare global {
  interface Window {
    moments?: MomentsBridge
  }
}

export function hasBridge(): boolean {
  return typeof window.moments?.invoke === 'function'
}

export function call<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> {
  if (!window.moments) return Promise.reject(new Error('Moments is not connected to this window'))
  return window.moments.invoke(channel, request)
}

export function subscribe<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
  return window.moments?.on(event, listener) ?? (() => {})
}

/** An IPC failure as a sentence: Electron prefixes "Error invoking remote method 'x': Error: ". */
export function errorText(error: unknown): string {
  const message = errorMessage(error)
  return message
    .replace(/^Error invoking remote method '[^']*': /, '')
    .replace(/^(?:[A-Za-z]*Error): /, '')
    .trim()
}
