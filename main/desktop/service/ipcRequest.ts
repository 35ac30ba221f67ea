import { CHANNELS, type Channel, type Request, requestSchemas } from '../../../shared/ipc/contract.ts'
import { describeIssues } from '../../core/config/configErrors.ts'

/** The largest request any window has a reason to send (1,000 ids of a digest, a long query). */
export const MAX_REQUEST_CHARS = 256 * 1024

/** A request main refuses before any handler sees it: unknown channel, too big, or malformed. */
export class IpcRequestError extends Error {
  override name = 'IpcRequestError'
}

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && (CHANNELS as string[]).includes(name)
}

/** The request as its channel's schema reads it, or an IpcRequestError that says what is wrong. */
export function validateRequest<C extends Channel>(channel: C, payload: unknown): Request<C> {
  // Structured clone carries a Map, a Set or a Date too; with no keys of their own they would
  // pass for `{}`. A request is JSON-like data: plain objects, arrays and primitives only.
  if (!isPlainData(payload)) throw new IpcRequestError(`${channel}: the request is not plain data`)
  let size: number
  try {
    size = JSON.stringify(payload ?? null).length
  } catch {
    throw new IpcRequestError(`${channel}: the request is not plain data`)
  }
  if (size > MAX_REQUEST_CHARS) {
    throw new IpcRequestError(
      `${channel}: the request is too large (${size} characters, at most ${MAX_REQUEST_CHARS})`,
    )
  }
  const parsed = requestSchemas[channel].safeParse(payload)
  if (!parsed.success) {
    throw new IpcRequestError(`${channel}: ${describeIssues(parsed.error.issues).join('; ')}`)
  }
  return parsed.data as Request<C>
}

function isPlainData(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true
  if (Array.isArray(value)) return true
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}
