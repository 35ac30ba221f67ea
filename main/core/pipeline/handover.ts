import type { OwnedAccount } from '../ownership/ownedAccount.ts'
import type { PollCursor } from '../store/pollCursor.ts'
import { parseContractTimestamp } from '../warehouse/contractTimestamp.ts'
import type { EventSource } from '../warehouse/eventSource.ts'
import type { BatchContext } from './batchContext.ts'
import { addOutcome, type BatchOutcome, emptyOutcome } from './batchOutcome.ts'
import { recordBatch } from './recordBatch.ts'

export interface HandoverRead {
  source: EventSource
  /** The book now: a hand-over of an account taken away again is dropped unread */
  owned: ReadonlyMap<string, OwnedAccount>
  /** The poll cursor: rows after it are the poll's own, to be told as new */
  cursor: PollCursor
  backfillMs: number
  /** The batch context, but for the cursor and the channels, which a hand-over never touches */
  batch: Omit<BatchContext, 'forwardTo' | 'warehouseKey'>
  onBatch?: (outcome: BatchOutcome, progress: { from: number; at: number; to: number; rows: number }) => void
}

/**
 * The events of accounts newly owned, from before they became yours. Ownership is filtered in the
 * warehouse query, so a poll never read an account's events from before a refresh put it in the
 * book (or while Salesforce was unreachable and the cached book was used). Each such account's
 * events loaded within the backfill window before it was noticed, up to the poll cursor, are read
 * once, through the same stages: recorded in the history, forwarded to no channel (like the first
 * poll's backfill), the cursor untouched. The hand-over rows go once the read is complete; a crash
 * before that reads them again, and the stages drop what was recorded.
 */
export async function readHandovers(
  read: HandoverRead,
): Promise<{ outcome: BatchOutcome; accounts: number } | null> {
  const { store } = read.batch
  const pending = store.handovers.pending()
  if (pending.length === 0) return null
  const gone = pending.filter((h) => !read.owned.has(h.accountId)).map((h) => h.accountId)
  if (gone.length > 0) store.handovers.done(gone)
  const due = pending.filter((h) => read.owned.has(h.accountId))
  if (due.length === 0) return null
  const ids = due.map((h) => h.accountId)
  const from = Math.min(...due.map((h) => h.noticedAt)) - read.backfillMs
  const total = emptyOutcome()
  const rows = read.source.rowsAfter({ loadedAt: new Date(from).toISOString(), eventId: '' }, ids)
  for await (const batch of rows) {
    const before = batch.filter((row) => !afterCursor(row, read.cursor))
    if (before.length > 0) {
      const outcome = recordBatch(before, { ...read.batch, forwardTo: [], warehouseKey: null })
      addOutcome(total, outcome, true)
      const last = parseContractTimestamp(String(before[before.length - 1]?.loaded_at ?? ''))
      read.onBatch?.(outcome, { from, at: last ?? from, to: read.cursor.loadedAtMs, rows: total.rows })
    }
    // The rest is the poll's: read after this, told as new events of an account of yours.
    if (before.length < batch.length) break
  }
  store.handovers.done(ids)
  return { outcome: total, accounts: ids.length }
}

function afterCursor(row: Record<string, unknown>, cursor: PollCursor): boolean {
  const loadedAt = parseContractTimestamp(String(row.loaded_at ?? ''))
  return loadedAt !== null && loadedAt > cursor.loadedAtMs
}
