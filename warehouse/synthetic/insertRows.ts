import type { SqlRunner } from './sqlRunner.ts'

/** PostgreSQL allows 65535 bind parameters per statement; stay well below. */
const MAX_PARAMETERS = 30_000
const MAX_ROWS_PER_STATEMENT = 1_000

/**
 * Inserts rows with multi-row parameterised INSERTs: one round trip per batch instead of per
 * row, values always passed as parameters. Rows already there (same key) are skipped, so that
 * loading a generated period twice is harmless. Returns how many rows were new.
 */
export async function insertRows<Row extends object>(
  db: SqlRunner,
  table: string,
  rows: readonly Row[],
): Promise<number> {
  const first = rows[0]
  if (!first) return 0
  const columns = Object.keys(first) as (keyof Row & string)[]
  const perStatement = Math.max(
    1,
    Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / columns.length)),
  )
  let inserted = 0
  for (let start = 0; start < rows.length; start += perStatement) {
    const batch = rows.slice(start, start + perStatement)
    const params: unknown[] = []
    const tuples = batch.map((row) => {
      const placeholders = columns.map((column) => {
        params.push(row[column])
        return `$${params.length}`
      })
      return `(${placeholders.join(', ')})`
    })
    const result = await db.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING RETURNING 1 AS inserted`,
      params,
    )
    inserted += result.rows.length
  }
  return inserted
}
