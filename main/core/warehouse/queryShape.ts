import { REQUIRED_COLUMNS } from './rowContract.ts'

// A query that lacks a contract column, returns one twice, or returns loaded_at as something else
// than a timestamp is a configuration mistake, not a bad row: the read fails and says which.

export class QueryShapeError extends Error {
  override name = 'QueryShapeError'
}

/** Checks the columns a read returned. */
export function checkColumns(fields: readonly { name: string }[]): void {
  if (fields.length === 0) return
  const names = new Set(fields.map((f) => f.name))
  const missing = REQUIRED_COLUMNS.filter((column) => !names.has(column))
  if (missing.length > 0) {
    throw new QueryShapeError(
      `warehouse.query does not return the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
    )
  }
}

/** The wrapper filters and sorts on contract columns, so these mistakes fail in SQL: say which, plainly. */
export function shapeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error
  const code = (error as { code?: string }).code
  if (code === '42702') {
    const column = /column reference "(\w+)" is ambiguous/.exec(error.message)?.[1]
    if (column) return new QueryShapeError(`warehouse.query returns the column ${column} more than once`)
  }
  if (code === '42883') {
    const type = /operator does not exist: (.+?) [<>=]+ timestamp with time zone/.exec(error.message)?.[1]
    if (type) {
      return new QueryShapeError(
        `warehouse.query returns loaded_at as ${type}: it must be a timestamp (cast it, e.g. loaded_at::timestamptz)`,
      )
    }
  }
  if (code !== '42703') return error
  const column = /column "?enriched\.(\w+)"? does not exist/.exec(error.message)?.[1]
  if (!column || !(REQUIRED_COLUMNS as readonly string[]).includes(column)) return error
  return new QueryShapeError(
    `warehouse.query does not return the required column ${column} (${error.message})`,
  )
}
