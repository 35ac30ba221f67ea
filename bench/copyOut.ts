// `COPY (query) TO STDOUT` read by Node: the fastest the rows can leave PostgreSQL and reach a
// Node process, with no parsing into objects. The catch-up's reference rate.
import type pg from 'pg'

interface Connection {
  query(text: string): void
}

/**
 * A `pg` submittable (like pg-cursor) for the simple-query COPY protocol: CopyData chunks are
 * counted and dropped. Resolves with the rows (newlines of the text format) and bytes read.
 */
export function copyOut(client: pg.Client, query: string): Promise<{ rows: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    let rows = 0
    let bytes = 0
    let failure: Error | null = null
    const submittable = {
      submit(connection: Connection) {
        connection.query(`COPY (${query}) TO STDOUT`)
      },
      handleCopyData(message: { chunk: Buffer }) {
        const chunk = message.chunk
        bytes += chunk.length
        // Text-format COPY escapes newlines inside values, so each one ends a row.
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows++
      },
      handleCommandComplete() {},
      handleReadyForQuery() {
        if (failure) reject(failure)
        else resolve({ rows, bytes })
      },
      handleError(error: Error) {
        failure = error
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyInResponse() {},
    }
    client.query(submittable as unknown as pg.QueryConfig)
  })
}

/** A literal for a value we made ourselves (ids, timestamps): COPY takes no parameters. */
export function sqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}

/** The poll query with its parameters written in, for COPY (an array as an ARRAY[…] of literals). */
export function inlineParameters(query: { text: string; values: readonly unknown[] }): string {
  return query.text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = query.values[Number(n) - 1]
    if (value === undefined) throw new Error(`no value for $${n}`)
    return Array.isArray(value)
      ? `ARRAY[${value.map((v) => sqlLiteral(String(v))).join(', ')}]`
      : sqlLiteral(String(value))
  })
}
