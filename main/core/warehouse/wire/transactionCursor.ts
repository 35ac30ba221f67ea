import type Cursor from 'pg-cursor'
import { checkColumns, shapeError } from '../queryShape.ts'
import { rowTypes, type WireSession } from './wireSession.ts'

export type SourceRows = Record<string, unknown>[]

/**
 * Streams a statement's rows in batches through a server-side cursor inside a read-only
 * transaction: a catch-up of millions of rows never sits in memory at once, and nothing the
 * statement calls can write. Redshift allows a cursor only inside a transaction block (BEGIN …
 * END), and so does this; PostgreSQL does not mind. Rows come in the order the statement asks.
 *
 * Measured against one LIMIT statement per page on PostgreSQL (bench/README.md, read path): a
 * page of the enriched view costs about as much as the whole read, as the view's rows after the
 * key are produced and sorted for each page, so a catch-up in pages takes hours instead of seconds.
 *
 * The next batch is asked for before this one is handed over, so the server produces it while the
 * pipeline records this one (a catch-up read 17% more rows/s on a busy 2-core machine). At most
 * two batches are in memory.
 *
 * `clock`, when given, is read in the same transaction before the statement and handed over once
 * every row has been read: the transaction's start on the server's clock, no later than the
 * snapshot the statement reads (READ COMMITTED takes it when the statement starts; Redshift when
 * the transaction's first statement does).
 */
export async function* transactionCursor(
  session: WireSession,
  statement: { text: string; values: unknown[] },
  batchSize: number,
  clock?: { statement: string; read(startedAt: string): void },
): AsyncGenerator<SourceRows> {
  // Loaded on first use, like pg itself (wireSession.ts).
  const { default: PgCursor } = await import('pg-cursor')
  await session.query('BEGIN READ ONLY')
  let startedAt: string | null = null
  if (clock) {
    try {
      startedAt = transactionStart(firstValue(await session.query(clock.statement)))
    } catch (error) {
      await session.query('ROLLBACK').catch(() => {})
      throw error
    }
  }
  const cursor = session.client.query(
    new PgCursor<Record<string, unknown>>(statement.text, statement.values, { types: rowTypes } as never),
  )
  let finished = false
  let failed = false
  try {
    let checked = false
    let next = read(cursor, batchSize)
    for (;;) {
      const { rows, fields } = await next
      if (!checked) {
        checkColumns(fields)
        checked = true
      }
      if (rows.length === 0) break
      const more = rows.length === batchSize
      if (more) {
        next = read(cursor, batchSize)
        // Settled by close() when the consumer stops early; its failure must not go unhandled.
        next.catch(() => {})
      }
      yield rows
      if (!more) break
    }
    finished = true
  } catch (error) {
    failed = true
    throw error
  } finally {
    // On a connection the server has cut (a restart, a failover) pg-cursor's close never settles:
    // awaited as such, the read would hang for good and never report the failure.
    const closed = await Promise.race([
      cursor.close().then(
        () => true,
        () => false,
      ),
      delay(CLOSE_TIMEOUT_MS).then(() => false),
    ])
    // biome-ignore lint/correctness/noUnsafeFinally: thrown only when the try did not fail, so it masks no error; a consumer that stops early leaves the generator through here, so no code after the try would run
    if (!closed && !failed) throw new Error('the warehouse did not close the read cursor')
    if (finished) {
      await session.query('COMMIT')
      if (clock && startedAt !== null) clock.read(startedAt)
    } else if (closed) {
      // Stopped early or failed: the transaction ends all the same. On a broken session this
      // fails too, and the source drops the session because of the first error.
      await session.query('ROLLBACK').catch(() => {})
    }
  }
}

export const CLOSE_TIMEOUT_MS = 5_000

function firstValue(result: { rows: Record<string, unknown>[] }): unknown {
  return result.rows[0] ? Object.values(result.rows[0])[0] : undefined
}

export function transactionStart(value: unknown): string {
  if (typeof value !== 'string') throw new Error('the warehouse did not say the time of the read')
  return value
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}

function read(cursor: Cursor<Record<string, unknown>>, size: number) {
  return new Promise<{ rows: SourceRows; fields: { name: string }[] }>((resolve, reject) => {
    cursor.read(size, (error, rows, result) => {
      if (error) reject(shapeError(error))
      else resolve({ rows, fields: (result as { fields?: { name: string }[] } | undefined)?.fields ?? [] })
    })
  })
}
