import { checkColumns, shapeError } from '../queryShape.ts'
import { PipelinedRead, type ReadPlan } from './pipelinedRead.ts'
import { CLOSE_TIMEOUT_MS, type SourceRows, transactionStart } from './transactionCursor.ts'
import type { WireSession } from './wireSession.ts'

/**
 * The COMMIT of each session's last read, still on its way. A read-only transaction that has
 * returned every row commits nothing, so a poll does not wait for its answer: the session's next
 * read does (a poll later, long settled), and fails, dropping the session, if it went wrong.
 */
const ending = new WeakMap<WireSession, Promise<void>>()

export interface PipelinedOptions {
  /** How the statement is planned (pipelinedRead.ts); unnamed and planned for its values by default */
  plan?: ReadPlan
  /**
   * Told when the first batch arrives: ms since the read was sent, whether more rows follow, and
   * the first column of the plan's settings statement (null without one)
   */
  firstBatch?(ms: number, more: boolean, settingsAnswer: string | null): void
}

/**
 * transactionCursor's read (same transaction, same statements in the same order, batches read one
 * ahead) with one round trip on PostgreSQL where that took five: see pipelinedRead.ts. Rows come in
 * the order the statement asks; `clock` is handed the transaction's start once every row is read.
 */
export async function* pipelinedCursor(
  session: WireSession,
  statement: { text: string; values: unknown[] },
  batchSize: number,
  clock?: { statement: string; read(startedAt: string): void },
  options: PipelinedOptions = {},
): AsyncGenerator<SourceRows> {
  const last = ending.get(session)
  if (last) {
    ending.delete(session)
    await bounded(last)
  }
  const read = new PipelinedRead(
    { text: statement.text, values: statement.values.map(session.encode) },
    batchSize,
    clock?.statement ?? null,
    options.plan,
  )
  const sent = performance.now()
  // Settled through the read's own promises; pg hands a Submittable back without one of its own.
  session.client.query(read)
  let finished = false
  try {
    let checked = false
    for (;;) {
      const batch = await read.next().catch((error: unknown) => {
        throw shapeError(error)
      })
      if (!checked) {
        options.firstBatch?.(performance.now() - sent, batch.more, read.settingsAnswer)
        checkColumns(batch.fields)
        checked = true
      }
      if (batch.more) read.requestMore()
      if (batch.rows.length > 0) yield batch.rows
      if (!batch.more) break
    }
    finished = true
  } finally {
    if (finished) {
      const committing = read.commit()
      // Awaited by the next read; unhandled until then, its failure would end the process.
      committing.catch(() => {})
      ending.set(session, committing)
      if (clock) clock.read(transactionStart(read.clock))
    } else {
      // Stopped early or failed: the transaction ends all the same. On a broken session this fails
      // too, and the source drops the session because of the first error.
      if (read.failedOnServer) await bounded(session.query('ROLLBACK')).catch(() => {})
      else await bounded(read.rollback()).catch(() => {})
    }
  }
}

/** A server cut mid-read may never answer; a poll must fail, not hang. */
async function bounded<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error('the warehouse did not end the read transaction')),
      CLOSE_TIMEOUT_MS,
    )
    timer.unref()
  })
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}
