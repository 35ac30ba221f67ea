// PostgreSQL wire protocol (v3) messages, as much of them as the Redshift stand-in reads and
// writes: framing, and the few messages it builds itself.

/** Splits a byte stream into whole messages (type byte + Int32 length); keeps the remainder. */
export class MessageReader {
  #pending: Buffer = Buffer.alloc(0)

  /** `untyped`: the next message has no type byte (a startup, SSL or cancel request) */
  push(chunk: Buffer, untyped: () => boolean): Buffer[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk])
    const messages: Buffer[] = []
    for (;;) {
      const headerAt = untyped() ? 0 : 1
      if (this.#pending.length < headerAt + 4) break
      const total = headerAt + this.#pending.readInt32BE(headerAt)
      if (this.#pending.length < total) break
      messages.push(this.#pending.subarray(0, total))
      this.#pending = this.#pending.subarray(total)
    }
    return messages
  }
}

export const SSL_REQUEST_CODE = 80877103
export const CANCEL_REQUEST_CODE = 80877102

/** The key/value parameters of a StartupMessage. */
export function startupParameters(message: Buffer): Map<string, string> {
  const parts = message.subarray(8).toString('utf8').split('\0')
  const parameters = new Map<string, string>()
  for (let i = 0; i + 1 < parts.length && parts[i]; i += 2)
    parameters.set(parts[i] as string, parts[i + 1] as string)
  return parameters
}

function typed(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5)
  header.write(type, 0, 'latin1')
  header.writeInt32BE(body.length + 4, 1)
  return Buffer.concat([header, body])
}

const cstring = (text: string) => Buffer.from(`${text}\0`, 'utf8')

function int32(value: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeInt32BE(value)
  return b
}

function int16(value: number): Buffer {
  const b = Buffer.alloc(2)
  b.writeInt16BE(value)
  return b
}

/** ErrorResponse with severity ERROR. */
export function errorResponse(code: string, message: string): Buffer {
  return typed(
    'E',
    Buffer.concat([
      cstring(`SERROR`),
      cstring(`VERROR`),
      cstring(`C${code}`),
      cstring(`M${message}`),
      Buffer.from([0]),
    ]),
  )
}

/** The fields of an ErrorResponse or NoticeResponse, by their one-letter code. */
export function errorFields(message: Buffer): Map<string, string> {
  const fields = new Map<string, string>()
  for (const field of message.subarray(5).toString('utf8').split('\0')) {
    if (field) fields.set(field[0] as string, field.slice(1))
  }
  return fields
}

/**
 * Redshift's AuthenticationRequest 13: a digest of a SHA-256 password hash (algorithm 0), with a
 * salt and a server nonce, as Amazon's drivers read it.
 */
export function sha256AuthenticationRequest(): Buffer {
  const salt = Buffer.from('s4lt')
  const nonce = Buffer.alloc(32, 7)
  return typed(
    'R',
    Buffer.concat([int32(13), int32(0), int32(salt.length), salt, int32(nonce.length), nonce]),
  )
}

export function parameterStatus(name: string, value: string): Buffer {
  return typed('S', Buffer.concat([cstring(name), cstring(value)]))
}

/** A simple Query. */
export function simpleQuery(sql: string): Buffer {
  return typed('Q', cstring(sql))
}

/**
 * A Parse of a statement (the unnamed one by default); `parameterTypes`: the message's own tail
 * (count and type oids), none declared by default.
 */
export function parseMessage(sql: string, name = '', parameterTypes: Buffer = int16(0)): Buffer {
  return typed('P', Buffer.concat([cstring(name), cstring(sql), parameterTypes]))
}

/** A Bind of the unnamed portal to a named statement, without parameters. */
export function bindMessage(statement: string): Buffer {
  return typed('B', Buffer.concat([cstring(''), cstring(statement), int16(0), int16(0), int16(0)]))
}

export function executeMessage(portal: string): Buffer {
  return typed('E', Buffer.concat([cstring(portal), int32(0)]))
}

/** A message's C strings from `at` on, with the offset after the last one read. */
export function readCStrings(message: Buffer, at: number, count: number): { values: string[]; next: number } {
  const values: string[] = []
  let offset = at
  for (let i = 0; i < count; i++) {
    const end = message.indexOf(0, offset)
    values.push(message.subarray(offset, end).toString('utf8'))
    offset = end + 1
  }
  return { values, next: offset }
}
