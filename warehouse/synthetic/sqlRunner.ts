import { readFile } from 'node:fs/promises'

/**
 * The least a database connection must do for the loader: a `pg.Client` and a PGlite instance
 * both satisfy it. Pools do not: the loader's statements may rely on one session.
 */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>
}

/** Runs one of the reference files of `warehouse/` (schema.sql, …) statement by statement. */
export async function runSqlFile(db: SqlRunner, file: URL): Promise<void> {
  const text = await readFile(file, 'utf8')
  for (const statement of splitSqlStatements(text)) await db.query(statement)
}

/**
 * Splits a script at top-level semicolons. Needed because PGlite's `query` (extended protocol)
 * takes one statement at a time, where `pg` would accept the whole file.
 * Knows quotes, identifiers and comments; the reference files use no dollar quoting.
 */
export function splitSqlStatements(text: string): string[] {
  const statements: string[] = []
  let current = ''
  let i = 0
  while (i < text.length) {
    const ch = text[i] as string
    const next = text[i + 1]
    if (ch === '-' && next === '-') {
      const end = text.indexOf('\n', i)
      i = end === -1 ? text.length : end
      continue
    }
    if (ch === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2)
      i = end === -1 ? text.length : end + 2
      continue
    }
    if (ch === "'" || ch === '"') {
      const end = closingQuote(text, i)
      current += text.slice(i, end + 1)
      i = end + 1
      continue
    }
    if (ch === ';') {
      if (current.trim()) statements.push(current.trim())
      current = ''
    } else {
      current += ch
    }
    i++
  }
  if (current.trim()) statements.push(current.trim())
  return statements
}

/** Index of the quote closing the one at `start`; a doubled quote is an escaped one. */
function closingQuote(text: string, start: number): number {
  const quote = text[start]
  let i = start + 1
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2
      else return i
    } else {
      i++
    }
  }
  return text.length - 1
}
