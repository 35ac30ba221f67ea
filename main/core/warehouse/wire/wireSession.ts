import type pg from 'pg'
import { reason, WarehouseUnavailableError } from '../warehouseErrors.ts'
import { GuardedSocket, type SocketPlan } from './guardedSocket.ts'

// One session with a server that speaks the PostgreSQL wire protocol (PostgreSQL, Redshift,
// PGlite behind its socket). Every statement goes through the extended protocol, where the
// server refuses a second statement in the same text: no query text Moments sends can smuggle
// another statement in, whatever `warehouse.query` holds.

// pg is loaded with the first session, so that a command that never reaches the warehouse
// (`moments history`, which still validates the warehouse URL through the source registry) does
// not wait for it.
// With it, pg's encoder of bound values (its text form of a Date, an array…), which the pipelined
// read applies itself; both are imported once per process.
type Driver = { pg: typeof pg; prepareValue: (value: unknown) => unknown }
let driver: Driver | undefined
let loading: Promise<Driver> | undefined
const loadDriver = (): Promise<Driver> => {
  loading ??= Promise.all([import('pg'), import('pg/lib/utils.js')]).then(([pgModule, utils]) => {
    driver = { pg: pgModule.default, prepareValue: utils.default.prepareValue }
    return driver
  })
  return loading
}

/** Loads pg now, for a caller with time to spare before its first session (while the demo's PGlite starts). */
export async function preloadWireDriver(): Promise<void> {
  await loadDriver()
}

const TIMESTAMPTZ = 1184
const TIMESTAMP = 1114
const INT8 = 20
const NUMERIC = 1700

const keepText = (value: string) => value
const toNumberIfSafe = (value: string) => {
  const n = Number(value)
  return Number.isSafeInteger(n) || (Number.isFinite(n) && !/^-?\d+$/.test(value)) ? n : value
}

/**
 * Timestamps stay the server's text (a keyset cursor needs its microseconds); 64-bit integers
 * and numerics become numbers when they fit.
 */
export const rowTypes = {
  getTypeParser(oid: number, format?: string) {
    if (oid === TIMESTAMPTZ || oid === TIMESTAMP) return keepText
    if (oid === INT8 || oid === NUMERIC) return toNumberIfSafe
    // Rows arrive only on a session, which loaded the driver.
    return (driver as Driver).pg.types.getTypeParser(oid, format as 'text')
  },
}

export interface WirePlan extends SocketPlan {
  host: string
  port: number
  user: string
  password?: string
  database: string
  /** The URL without its password, for messages */
  label: string
  connectTimeoutMs?: number
}

export interface WireSession {
  client: pg.Client
  /** What the server said of itself at the startup: server_version (Redshift: 8.0.2), server_encoding… */
  parameters: ReadonlyMap<string, string>
  encrypted: boolean
  /** A bound value in pg's text encoding, as pg's own queries send it */
  encode(value: unknown): unknown
  /** One statement, extended protocol */
  query<R extends pg.QueryResultRow = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>
  end(): Promise<void>
}

export async function openWireSession(plan: WirePlan): Promise<WireSession> {
  const { pg, prepareValue } = await loadDriver()
  const socket = new GuardedSocket(plan)
  const client = new pg.Client({
    host: plan.host,
    port: plan.port,
    user: plan.user,
    password: plan.password,
    database: plan.database,
    // TLS is the socket's business: pg sees an already secured stream.
    ssl: false,
    stream: () => socket,
    connectionTimeoutMillis: plan.connectTimeoutMs ?? 10_000,
    keepAlive: true,
    application_name: 'moments',
    types: rowTypes,
  })
  // A server restart while idle emits 'error' on the client: without a listener Node would crash.
  // The next query fails too, and that failure is what the poll loop retries on.
  client.on('error', () => {})
  try {
    await client.connect()
  } catch (error) {
    await client.end().catch(() => {})
    throw new WarehouseUnavailableError(`cannot reach the warehouse at ${plan.label}: ${reason(error)}`, {
      cause: error,
    })
  }
  return {
    client,
    parameters: socket.parameters,
    encrypted: socket.encrypted,
    encode: prepareValue,
    query: (text, values = []) =>
      client.query({ text, values, queryMode: 'extended' } as pg.QueryConfig) as never,
    end: () => client.end().catch(() => {}),
  }
}
