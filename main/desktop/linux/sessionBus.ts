// The desktop session's D-Bus, for what Electron does not tell on Linux: whether a tray icon host
// is there, how long the user has been idle under Wayland, whether the screen is locked. Calls
// are bounded: a desktop that does not answer is one that cannot tell.
import { createConnection } from 'node:net'
import dbusNative from '@homebridge/dbus-native'

export interface SessionBusCall {
  destination: string
  path: string
  interface: string
  member: string
  signature?: string
  body?: unknown[]
}

export interface SessionBus {
  /** The method's answer; rejects with the D-Bus error name (or a timeout) */
  call(message: SessionBusCall): Promise<unknown>
  close(): void
}

/** As much of @homebridge/dbus-native as Moments uses (its own typings omit createClient). */
interface DbusClient {
  invoke(
    message: SessionBusCall,
    callback: (error: { name?: string } | undefined, value: unknown) => void,
  ): void
  connection: { end(): void; on(event: 'error', listener: (error: Error) => void): void }
}
const dbus = dbusNative as unknown as { createClient(options: { stream: unknown }): DbusClient }

export const CALL_TIMEOUT_MS = 1_000

/**
 * The socket of `DBUS_SESSION_BUS_ADDRESS` (`unix:path=…`, or `unix:abstract=…`, which Node opens
 * as a Linux abstract socket); null when there is none Moments can open.
 */
export function sessionBusSocket(address: string | undefined): string | null {
  for (const entry of (address ?? '').split(';')) {
    const [family, params = ''] = entry.split(/:(.*)/s)
    if (family !== 'unix') continue
    const values = new Map(params.split(',').map((pair) => pair.split(/=(.*)/s) as [string, string]))
    const path = values.get('path')
    if (path) return path
    const abstract = values.get('abstract')
    if (abstract) return `\0${abstract}`
  }
  return null
}

export function connectSessionBus(
  address: string | undefined,
  timeoutMs = CALL_TIMEOUT_MS,
): SessionBus | null {
  const socket = sessionBusSocket(address)
  if (!socket) return null
  const stream = createConnection(socket)
  let broken: Error | null = null
  const client = dbus.createClient({ stream })
  client.connection.on('error', (error) => {
    broken = error
  })
  return {
    call(message) {
      return new Promise((resolve, reject) => {
        if (broken) return reject(broken)
        const timer = setTimeout(() => reject(new Error(`no answer from ${message.destination}`)), timeoutMs)
        timer.unref()
        client.invoke(message, (error, value) => {
          clearTimeout(timer)
          if (error) reject(new Error(error.name ?? 'D-Bus error'))
          else resolve(value)
        })
      })
    },
    close() {
      try {
        client.connection.end()
      } catch {
        // already gone
      }
    },
  }
}
