import type pg from 'pg'
import Cursor from 'pg-cursor'
import { REQUIRED_COLUMNS } from './rowContract.ts'

export class QueryShapeError extends Error {
  override name = 'QueryShapeError'
}

export interface StreamRowsOptions {
  client: pg.Client
  /** A poll or replay query, built by pollQuery.ts or replayQuery.ts */
  query: { text: string; values: string[] }
  batchSize: number
}

/**
 * Streams the poll's rows in batches through a server-side cursor: a catch-up of millions of
 * rows never sits in memory at once. Rows come in the order the query asks for.
 */
export async function* streamRows(options: StreamRowsOptions): AsyncGenerator<Record<string, unknown>[]> {
  const { text, values } = options.query
  const cursor = options.client.query(new Cursor<Record<string, unknown>>(text, values))
  try {
    let checked = false
    for (;;) {
      const { rows, fields } = await read(cursor, options.batchSize)
      if (!checked) {
        checkColumns(fields)
        checked = true
      }
      if (rows.length === 0) return
      yield rows
      if (rows.length < options.batchSize) return
    }
  } finally {
    await cursor.close().catch(() => {})
  }
}

function read(cursor: Cursor<Record<string, unknown>>, size: number) {
  return new Promise<{ rows: Record<string, unknown>[]; fields: { name: string }[] }>((resolve, reject) => {
    cursor.read(size, (error, rows, result) => {
      if (error) reject(missingContractColumn(error) ?? error)
      else resolve({ rows, fields: (result as { fields?: { name: string }[] } | undefined)?.fields ?? [] })
    })
  })
}

/** The wrapper filters on contract columns, so a query without one fails in SQL: say it plainly. */
function missingContractColumn(error: Error): QueryShapeError | null {
  if ((error as { code?: string }).code !== '42703') return null
  const column = /column "?enriched\.(\w+)"? does not exist/.exec(error.message)?.[1]
  if (!column || !(REQUIRED_COLUMNS as readonly string[]).includes(column)) return null
  return new QueryShapeError(
    `warehouse.query does not return the required column ${column} (${error.message})`,
  )
}

/** A query that lacks a contract column is a configuration mistake, not a bad row: say which. */
function checkColumns(fields: { name: string }[]): void {
  if (fields.length === 0) return
  const names = new Set(fields.map((f) => f.name))
  const missing = REQUIRED_COLUMNS.filter((column) => !names.has(column))
  if (missing.length > 0) {
    throw new QueryShapeError(
      `warehouse.query does not return the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
    )
  }
}
