import net from 'node:net'
import { Duplex } from 'node:stream'
import tls from 'node:tls'

// The byte stream `pg` talks through (its documented `stream` option), with the start of the
// session in our hands:
// - TLS is negotiated here (SSLRequest, then tls.connect), so each source decides what sslmode
//   means for its engine, and whether a refusal may fall back to plain TCP.
// - The server's first messages are read before pg sees them. pg-protocol throws on an
//   authentication request it does not know (Redshift's SHA-256 digest is code 13) from inside
//   a socket 'data' listener: an uncaught exception that ends the whole process. Here it becomes
//   an error of this connection, with a message the source chooses.
// - The ParameterStatus messages of the startup (server_version among them) are kept: a
//   postgres:// URL that reaches Redshift is recognised by them.

const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f])

/** Authentication requests pg answers: ok, cleartext, MD5, SASL (SCRAM) and its two steps. */
const PG_AUTH_CODES = new Set([0, 3, 5, 10, 11, 12])

export interface SocketPlan {
  /** null: plain TCP */
  tls: tls.ConnectionOptions | null
  /** With TLS: go on in plain TCP when the server refuses TLS (libpq's `prefer`) */
  tlsOptional?: boolean
  /** The error for an authentication request pg cannot answer */
  unsupportedAuth: (code: number) => Error
}

export class GuardedSocket extends Duplex {
  /** ParameterStatus values the server sent during the startup */
  readonly parameters = new Map<string, string>()
  /** Whether the session runs over TLS */
  encrypted = false
  readonly #plan: SocketPlan
  #inner: net.Socket | null = null
  #noDelay = false
  #keepAlive: [boolean, number] | null = null
  /** Server bytes not yet a whole message, while the startup is read */
  #pending: Buffer = Buffer.alloc(0)
  #startupDone = false

  constructor(plan: SocketPlan) {
    super()
    this.#plan = plan
  }

  // The net.Socket methods pg calls on its stream.
  setNoDelay(noDelay = true): this {
    this.#noDelay = noDelay
    this.#inner?.setNoDelay(noDelay)
    return this
  }

  setKeepAlive(enable = false, initialDelay = 0): this {
    this.#keepAlive = [enable, initialDelay]
    this.#inner?.setKeepAlive(enable, initialDelay)
    return this
  }

  ref(): this {
    this.#inner?.ref()
    return this
  }

  unref(): this {
    this.#inner?.unref()
    return this
  }

  /** pg passes a Unix socket as one path: `/var/run/postgresql/.s.PGSQL.5432` */
  connect(port: number | string, host?: string): this {
    const raw = typeof port === 'string' ? net.connect({ path: port }) : net.connect({ port, host })
    this.#inner = raw
    raw.setNoDelay(this.#noDelay)
    if (this.#keepAlive) raw.setKeepAlive(...this.#keepAlive)
    raw.once('error', (error) => this.destroy(error))
    raw.once('connect', () => {
      if (!this.#plan.tls) return this.#ready(raw)
      raw.write(SSL_REQUEST)
      raw.once('data', (answer) => this.#afterSslAnswer(raw, host ?? 'localhost', answer))
    })
    return this
  }

  #afterSslAnswer(raw: net.Socket, host: string, answer: Buffer): void {
    const code = String.fromCharCode(answer[0] ?? 0)
    if (code === 'N' && this.#plan.tlsOptional) {
      this.#ready(raw)
      return
    }
    if (code !== 'S') {
      this.destroy(
        new Error(
          code === 'N'
            ? 'the server does not accept TLS connections (sslmode=disable connects without TLS)'
            : 'the server answered the TLS request with something else than yes or no',
        ),
      )
      return
    }
    const options: tls.ConnectionOptions = { ...this.#plan.tls, socket: raw, host }
    // SNI must not be an IP address (RFC 6066).
    if (net.isIP(host) === 0) options.servername ??= host
    const secure = tls.connect(options)
    secure.once('error', (error) => this.destroy(error))
    secure.once('secureConnect', () => {
      this.encrypted = true
      this.#inner = secure as unknown as net.Socket
      this.#ready(secure)
    })
  }

  #ready(stream: net.Socket | tls.TLSSocket): void {
    stream.on('data', (chunk: Buffer) => this.#fromServer(chunk, stream))
    stream.on('end', () => this.push(null))
    stream.on('close', () => this.destroy())
    stream.on('error', (error) => this.destroy(error))
    this.emit('connect')
  }

  #fromServer(chunk: Buffer, stream: net.Socket | tls.TLSSocket): void {
    if (this.#startupDone) {
      if (!this.push(chunk)) stream.pause()
      return
    }
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk])
    let offset = 0
    while (this.#pending.length - offset >= 5) {
      const length = this.#pending.readInt32BE(offset + 1)
      if (this.#pending.length - offset < 1 + length) break
      const problem = this.#inspect(this.#pending.subarray(offset, offset + 1 + length))
      if (problem) {
        this.destroy(problem)
        return
      }
      offset += 1 + length
      if (this.#startupDone) break
    }
    // Whole messages go on at once; the rest waits for its remaining bytes.
    const whole = this.#startupDone ? this.#pending : this.#pending.subarray(0, offset)
    this.#pending = this.#startupDone ? Buffer.alloc(0) : this.#pending.subarray(offset)
    if (whole.length > 0 && !this.push(whole)) stream.pause()
  }

  /** One startup message from the server: an error for what pg cannot handle, else null. */
  #inspect(message: Buffer): Error | null {
    const type = String.fromCharCode(message[0] ?? 0)
    if (type === 'R') {
      const code = message.readInt32BE(5)
      if (!PG_AUTH_CODES.has(code)) return this.#plan.unsupportedAuth(code)
    } else if (type === 'S') {
      const [name = '', value = ''] = message.subarray(5).toString('utf8').split('\0')
      this.parameters.set(name, value)
    } else if (type === 'Z' || type === 'E') {
      this.#startupDone = true
    }
    return null
  }

  override _read(): void {
    this.#inner?.resume()
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.#inner) {
      callback(new Error('not connected'))
      return
    }
    this.#inner.write(chunk, callback)
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#inner?.end()
    callback()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#inner?.destroy()
    callback(error)
  }
}
