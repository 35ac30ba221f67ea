// How warehouse failures are said: never with the URL's password, and a cut connection as such.

export class WarehouseUnavailableError extends Error {
  override name = 'WarehouseUnavailableError'
}

/** Query parameters that carry a secret: pg reads `?password=` as the password (over the userinfo's). */
export const SECRET_URL_PARAMETERS = ['password', 'sslpassword'] as const

/** `postgres://reader:secret@host/db?password=secret` → `postgres://reader@host/db` */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    parsed.password = ''
    for (const name of SECRET_URL_PARAMETERS) parsed.searchParams.delete(name)
    return parsed.toString()
  } catch {
    return '(unparsable URL)'
  }
}

const CONNECTION_LOST = new Set(['EPIPE', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P02', '57P03'])

/**
 * A failure of an open connection (the server restarted, failed over, or the network dropped)
 * said as such: "write EPIPE" alone tells a user nothing. Other errors are returned as they are.
 */
export function connectionLost(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof WarehouseUnavailableError) return error
  const code = (error as { code?: string }).code
  if (!(code && CONNECTION_LOST.has(code)) && !/Connection terminated/i.test(error.message)) return error
  return new WarehouseUnavailableError(`lost the connection to the warehouse (${reason(error)})`, {
    cause: error,
  })
}

export function reason(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reason(error.errors[0])
  if (error instanceof Error) return error.message || (error as { code?: string }).code || error.name
  return String(error)
}
