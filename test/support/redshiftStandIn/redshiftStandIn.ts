// A stand-in for Amazon Redshift on 127.0.0.1: a wire-protocol proxy in front of the tests'
// PostgreSQL that holds a client to Redshift's documented limits, so the real `pg` client and
// Moments' sources can be tested against them without a cluster.
//
//   const standIn = new RedshiftStandIn({ upstream: inject('pg') })
//   await standIn.start()
//   standIn.url('my_database')     // redshift://postgres@127.0.0.1:<port>/my_database
//
// What it enforces (Redshift's documentation: DECLARE, FETCH, the configuration reference, the
// unsupported PostgreSQL features; Amazon's drivers for the rest):
// - a portal fetched in part (Execute with a row count, as a cursor does) only inside a
//   transaction block, and at most 1,000 rows per fetch (a single-node cluster);
// - at most 32,767 bind parameters in a statement;
// - no PostgreSQL-only SQL (redshiftSql.ts): arrays and `= ANY`, STRING_AGG, generate_series,
//   JSON, DISTINCT ON, LATERAL, FILTER, ON CONFLICT, CREATE INDEX, SET and SHOW of parameters
//   Redshift does not have;
// - server_version 8.0.2 in the startup, as Redshift reports it;
// - users with a SHA-256 password are asked for Redshift's digest (authentication request 13).
// It speaks Redshift's SYSDATE (the transaction's start, a timestamp without time zone) by handing
// PostgreSQL its equivalent, LOCALTIMESTAMP.
// It answers an SSLRequest with 'N' (no TLS here): a client that requires TLS must fail.
//
// A refused message is replaced by one the server fails on with a marker (a missing function,
// statement or portal), and the marked error is rewritten on its way back: the error arrives in
// its place in the exchange, and the server skips to the next Sync exactly as on a refusal.
import net from 'node:net'
import { loadParser, redshiftRefusals } from './redshiftSql.ts'
import {
  bindMessage,
  CANCEL_REQUEST_CODE,
  errorFields,
  errorResponse,
  executeMessage,
  MessageReader,
  parameterStatus,
  parseMessage,
  readCStrings,
  SSL_REQUEST_CODE,
  sha256AuthenticationRequest,
  simpleQuery,
  startupParameters,
} from './wireMessages.ts'

export const REDSHIFT_MAX_FETCH = 1_000
export const REDSHIFT_MAX_PARAMETERS = 32_767

export interface RedshiftStandInOptions {
  upstream: { host: string; port: number }
  /** Users whose password Redshift keeps as a SHA-256 hash */
  sha256Users?: string[]
}

export interface Refusal {
  reason: string
  /** The statement, when a statement was refused */
  sql?: string
}

export interface Fetch {
  rows: number
  inTransaction: boolean
}

const MARKER = /redshift_stand_in_refusal_(\d+)/
const SYSDATE = /\bSYSDATE\b/i

/** Redshift's words PostgreSQL does not know, in PostgreSQL's: every occurrence, as no test quotes them. */
function inPostgresTerms(sql: string): string {
  return sql.replace(new RegExp(SYSDATE.source, 'gi'), 'LOCALTIMESTAMP')
}

export class RedshiftStandIn {
  /** Everything refused, in order */
  readonly refusals: Refusal[] = []
  /** Every Execute with a row count (0: all rows) */
  readonly fetches: Fetch[] = []
  /** Every statement clients sent (Parse and Query) */
  readonly statements: string[] = []
  /** TLS requests answered 'N' */
  tlsRequests = 0
  readonly #options: RedshiftStandInOptions
  #server: net.Server | null = null
  readonly #sockets = new Set<net.Socket>()
  #port = 0
  #nextMarker = 1

  constructor(options: RedshiftStandInOptions) {
    this.#options = options
  }

  get port(): number {
    return this.#port
  }

  /** A redshift:// URL of this stand-in (`query`: e.g. 'sslmode=require') */
  url(database: string, user = 'postgres', query = ''): string {
    return `redshift://${user}@127.0.0.1:${this.#port}/${database}${query ? `?${query}` : ''}`
  }

  async start(): Promise<void> {
    await loadParser()
    const server = net.createServer((client) => this.#serve(client))
    this.#server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    this.#port = (server.address() as net.AddressInfo).port
  }

  async close(): Promise<void> {
    const server = this.#server
    this.#server = null
    for (const socket of this.#sockets) socket.destroy()
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  #serve(client: net.Socket): void {
    const upstream = net.connect(this.#options.upstream)
    this.#sockets.add(client).add(upstream)
    const end = () => {
      client.destroy()
      upstream.destroy()
      this.#sockets.delete(client)
      this.#sockets.delete(upstream)
    }
    client.on('error', end)
    upstream.on('error', end)
    client.on('close', end)
    upstream.on('close', end)

    let started = false
    let transaction = 'I'
    const pending = new Map<string, { code: string; message: string }>()
    const fromClient = new MessageReader()
    const fromServer = new MessageReader()

    const refuse = (reason: string, code: string, message: string, sql?: string): string => {
      this.refusals.push({ reason, sql })
      const marker = `redshift_stand_in_refusal_${this.#nextMarker++}`
      pending.set(marker, { code, message })
      return marker
    }
    const sqlRefusal = (sql: string): string | null => {
      this.statements.push(sql)
      const reasons = redshiftRefusals(sql)
      if (reasons.length === 0) return null
      const set = reasons.find((r) => /^(SET|SHOW) /.test(r))
      return set
        ? refuse(set, '42704', `unrecognized configuration parameter "${set.split(' ')[1]}"`, sql)
        : refuse(reasons.join(', '), '0A000', `not supported on Redshift: ${reasons.join(', ')}`, sql)
    }

    client.on('data', (chunk) => {
      for (const message of fromClient.push(chunk, () => !started)) {
        if (!started) {
          const code = message.readInt32BE(4)
          if (code === SSL_REQUEST_CODE) {
            this.tlsRequests++
            client.write('N')
            continue
          }
          if (code !== CANCEL_REQUEST_CODE) {
            started = true
            const user = startupParameters(message).get('user') ?? ''
            if (this.#options.sha256Users?.includes(user)) {
              client.write(sha256AuthenticationRequest())
              continue
            }
          }
          upstream.write(message)
          continue
        }
        upstream.write(this.#checked(message, transaction, sqlRefusal, refuse))
      }
    })

    upstream.on('data', (chunk) => {
      for (const message of fromServer.push(chunk, () => false)) {
        const type = String.fromCharCode(message[0] ?? 0)
        if (type === 'S' && message.subarray(5).toString('utf8').startsWith('server_version\0')) {
          client.write(parameterStatus('server_version', '8.0.2'))
        } else if (type === 'Z') {
          transaction = String.fromCharCode(message[5] ?? 73)
          client.write(message)
        } else if (type === 'E') {
          const marker = MARKER.exec(errorFields(message).get('M') ?? '')?.[0]
          const refusal = marker ? pending.get(marker) : undefined
          if (marker) pending.delete(marker)
          client.write(refusal ? errorResponse(refusal.code, refusal.message) : message)
        } else {
          client.write(message)
        }
      }
    })
  }

  /** The message to send upstream: the client's, or a marked one the server fails on. */
  #checked(
    message: Buffer,
    transaction: string,
    sqlRefusal: (sql: string) => string | null,
    refuse: (reason: string, code: string, text: string) => string,
  ): Buffer {
    const type = String.fromCharCode(message[0] ?? 0)
    if (type === 'Q') {
      const [sql = ''] = readCStrings(message, 5, 1).values
      const marker = sqlRefusal(sql)
      if (marker) return simpleQuery(`SELECT ${marker}()`)
      return SYSDATE.test(sql) ? simpleQuery(inPostgresTerms(sql)) : message
    }
    if (type === 'P') {
      const { values, next } = readCStrings(message, 5, 2)
      const [name = '', sql = ''] = values
      const marker = sqlRefusal(sql)
      if (marker) return parseMessage(`SELECT ${marker}()`)
      return SYSDATE.test(sql) ? parseMessage(inPostgresTerms(sql), name, message.subarray(next)) : message
    }
    if (type === 'B') {
      const { next } = readCStrings(message, 5, 2)
      const formats = message.readUInt16BE(next)
      const parameters = message.readUInt16BE(next + 2 + 2 * formats)
      if (parameters > REDSHIFT_MAX_PARAMETERS) {
        const marker = refuse(
          `${parameters} bind parameters`,
          '54000',
          `bind message has ${parameters} parameters: the limit is ${REDSHIFT_MAX_PARAMETERS}`,
        )
        return bindMessage(marker)
      }
      return message
    }
    if (type === 'E') {
      const { next } = readCStrings(message, 5, 1)
      const rows = message.readInt32BE(next)
      const inTransaction = transaction !== 'I'
      this.fetches.push({ rows, inTransaction })
      if (rows > REDSHIFT_MAX_FETCH) {
        return executeMessage(
          refuse(
            `fetch of ${rows} rows`,
            'XX000',
            `Fetch size ${rows} exceeds the limit of ${REDSHIFT_MAX_FETCH} for a single node configuration. Reduce the client fetch/cache size or upgrade to a multi node installation.`,
          ),
        )
      }
      if (rows > 0 && !inTransaction) {
        return executeMessage(
          refuse(
            'a cursor outside a transaction block',
            '25P01',
            'cursors can only be used in transaction blocks (BEGIN … END)',
          ),
        )
      }
    }
    return message
  }
}
