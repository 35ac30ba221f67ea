import { createHash } from 'node:crypto'

/** Tells copies of a row apart from a different row: a hash of every column as returned. */
export function rowFingerprint(row: Record<string, unknown>): string {
  return createHash('sha1')
    .update(JSON.stringify(row, (_, v) => (typeof v === 'bigint' ? v.toString() : v)))
    .digest('hex')
}
