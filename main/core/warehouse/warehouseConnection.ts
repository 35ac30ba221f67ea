import pg from 'pg'

// One connection to the warehouse (PostgreSQL or Redshift). Type parsers keep what the
// pipeline needs exact: timestamps as PostgreSQL's text (the cursor needs microseconds),
// 64-bit integers and numerics as numbers when they fit.

const TIMESTAMPTZ = 1184
const TIMESTAMP = 1114
const INT8 = 20
const NUMERIC = 1700

const keepText = (value: string) => value
const toNumberIfSafe = (value: string) => {
  const n = Number(value)
  return Number.isSafeInteger(n) || (Number.isFinite(n) && !/^-?\d+$/.test(value)) ? n : value
}

const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === TIMESTAMPTZ || oid === TIMESTAMP) return keepText
    if (oid === INT8 || oid === NUMERIC) return toNumberIfSafe
    return pg.types.getTypeParser(oid, format as 'text')
  },
}

export interface WarehouseConnectionOptions {
  url: string
  statementTimeoutMs: number
  connectTimeoutMs?: number
  applicationName?: string
}

export class WarehouseUnavailableError extends Error {
  override name = 'WarehouseUnavailableError'
}

/** Opens a connection, in UTC, with a statement timeout. The URL's password never appears in errors. */
export async function connectWarehouse(options: WarehouseConnectionOptions): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: options.url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    keepAlive: true,
    application_name: options.applicationName ?? 'moments',
    types,
  })
  // A server restart while idle emits 'error' on the client: without a listener Node would crash.
  // The next query fails too, and that failure is what the poll loop retries on.
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query("SET timezone TO 'UTC'")
    await client.query(`SET statement_timeout TO ${Math.max(0, Math.floor(options.statementTimeoutMs))}`)
    // A database without an encoding (SQL_ASCII) holds any bytes, and the server refuses to send
    // invalid UTF-8 to a UTF8 client: one bad byte would fail every poll, for good. Take the bytes
    // as they are instead; the client decodes them, an invalid sequence becoming U+FFFD.
    if ((await serverEncoding(client)) === 'SQL_ASCII')
      await client.query("SET client_encoding TO 'SQL_ASCII'")
  } catch (error) {
    await client.end().catch(() => {})
    throw new WarehouseUnavailableError(
      `cannot reach the warehouse at ${redactUrl(options.url)}: ${reason(error)}`,
      { cause: error },
    )
  }
  return client
}

async function serverEncoding(client: pg.Client): Promise<string | null> {
  try {
    const { rows } = await client.query<{ server_encoding: string }>('SHOW server_encoding')
    return rows[0]?.server_encoding ?? null
  } catch {
    return null // not every warehouse answers SHOW for it; those speak UTF-8
  }
}

/** `postgres://reader:secret@host/db` → `postgres://reader@host/db` */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    parsed.password = ''
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
