import type { Logger } from 'pino'
import type { Store } from '../store/store.ts'

export interface HistoryRetentionOptions {
  store: Store
  /** How long a moment is kept (`retention`); 0 keeps everything */
  retentionMs: number
  clock?: () => number
  log: Logger
  /** Moments removed per transaction: small, so a poll never waits long for the state file */
  batchSize?: number
  /** Time one pass may take at most, over as many batches as fit */
  budgetMs?: number
}

export interface RetentionPass {
  moments: number
  forwards: number
  /** Bytes given back to the file system */
  freedBytes: number
}

const PAGES_PER_BATCH = 1_000
const MERGE_PAGES = 200

/**
 * Forgets moments older than the retention, between polls: a few small transactions per pass
 * (yielding to the event loop between them), then the freed pages are given back so the file
 * shrinks. A catch-up of a year's backlog is pruned over the following passes, not in one.
 */
export function historyRetention(options: HistoryRetentionOptions) {
  const { store, retentionMs, log } = options
  const clock = options.clock ?? Date.now
  const batchSize = options.batchSize ?? 500
  const budgetMs = options.budgetMs ?? 250

  return {
    async afterPoll(): Promise<RetentionPass> {
      const pass: RetentionPass = { moments: 0, forwards: 0, freedBytes: 0 }
      if (retentionMs <= 0) return pass
      const started = clock()
      const pageSize = store.retention.pageSize()
      for (;;) {
        const now = clock()
        const batch = store.retention.pruneBatch(now - retentionMs, now, batchSize)
        pass.moments += batch.moments
        pass.forwards += batch.forwards
        if (batch.moments > 0) pass.freedBytes += store.retention.shrink(PAGES_PER_BATCH) * pageSize
        if (batch.moments < batchSize || clock() - started >= budgetMs) break
        await new Promise((resolve) => setImmediate(resolve))
      }
      if (pass.moments > 0) {
        store.retention.mergeIndex(MERGE_PAGES)
        log.info(
          pass,
          `retention: forgot ${pass.moments} moments older than ${Math.round(retentionMs / 86_400_000)} days`,
        )
      }
      return pass
    },
  }
}

export type HistoryRetention = ReturnType<typeof historyRetention>
