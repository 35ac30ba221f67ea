import type { PGlite } from '@electric-sql/pglite'

/** Protocol message types after which a client is between two exchanges. */
const BOUNDARY_MESSAGES = new Set([
  0, // StartupMessage (no type byte: the first byte is the length's high byte)
  'Q'.charCodeAt(0), // simple Query: a whole exchange in itself
  'S'.charCodeAt(0), // Sync: ends an extended-protocol exchange
  'X'.charCodeAt(0), // Terminate
])

const POLL_MS = 20

export class DemoSessionBusyError extends Error {
  constructor(waitedMs: number) {
    super(`the demo warehouse session stayed busy for ${waitedMs} ms`)
    this.name = 'DemoSessionBusyError'
  }
}

/**
 * PGlite has one session, which pglite-socket lends to its client message by message. A
 * statement of ours run between a client's Bind and its next Execute would end the
 * implicit transaction that holds the client's pg-cursor portal ("portal does not exist"),
 * or run inside the client's BEGIN block. The gate watches the client's messages and lets
 * our writes in only between two exchanges, holding the client's next messages back until
 * ours are done.
 */
export class SocketSessionGate {
  readonly #db: PGlite
  readonly #connections: () => number
  #inFlight = 0
  #lastMessage = 0
  #held: Promise<void> | null = null

  /** `connections`: how many socket clients are attached now */
  constructor(db: PGlite, connections: () => number) {
    this.#db = db
    this.#connections = connections
  }

  /** The PGlite as the socket server must see it: the same, with its traffic observed. */
  socketView(): PGlite {
    const db = this.#db
    const runExclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
      this.#inFlight++
      try {
        while (this.#held) await this.#held
        return await db.runExclusive(fn)
      } finally {
        this.#inFlight--
      }
    }
    const execProtocolRawStream: PGlite['execProtocolRawStream'] = (message, options) => {
      this.#lastMessage = message[0] ?? 0
      return db.execProtocolRawStream(message, options)
    }
    return new Proxy(db, {
      get(target, property) {
        if (property === 'runExclusive') return runExclusive
        if (property === 'execProtocolRawStream') return execProtocolRawStream
        // PGlite keeps its state in private fields: methods must run on the real instance.
        const value = Reflect.get(target, property, target)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
  }

  /** No client message running or queued, and the client between two exchanges (or gone). */
  isIdle(): boolean {
    if (this.#inFlight > 0 || this.#db.isInTransaction()) return false
    return this.#connections() === 0 || BOUNDARY_MESSAGES.has(this.#lastMessage)
  }

  /**
   * Runs `fn` (which may issue several statements on the PGlite directly) once the session is
   * idle, with the socket client held off until it settles. Throws DemoSessionBusyError
   * after `timeoutMs` of waiting, without having run `fn`.
   */
  async exclusive<T>(fn: () => Promise<T>, timeoutMs = 5_000): Promise<T> {
    const release = await this.#holdWhenIdle(timeoutMs)
    try {
      return await fn()
    } finally {
      release()
    }
  }

  #holdWhenIdle(timeoutMs: number): Promise<() => void> {
    const started = Date.now()
    return new Promise((resolve, reject) => {
      const attempt = () => {
        // Checked and taken in one timer callback: a client message can only arrive in a
        // later I/O callback, never between the check and the hold.
        if (!this.#held && this.isIdle()) {
          let release = () => {}
          this.#held = new Promise<void>((done) => {
            release = () => {
              this.#held = null
              done()
            }
          })
          resolve(release)
        } else if (Date.now() - started >= timeoutMs) {
          reject(new DemoSessionBusyError(Date.now() - started))
        } else {
          setTimeout(attempt, POLL_MS)
        }
      }
      setTimeout(attempt, 0)
    })
  }
}
