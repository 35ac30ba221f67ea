import type { Logger } from 'pino'
import type { Store } from '../store/store.ts'

export interface HistoryRetentionOptions {
  store: Store
  /** How long a moment is kept (`retention`); 0 keeps everything */
  retentionMs: number
  clock?: () => number
  log: Logger
  /** Moments removed per transaction at most: small, so a poll never waits long for the state file */
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
/** The first batch of a pruner, before it has seen what a moment costs on this machine and file */
const FIRST_BATCH = 20
const SMALLEST_BATCH = 5
const SMALLEST_MERGE = 8
const FIRST_MERGE = 32

/**
 * Forgets moments older than the retention, between polls: a few small transactions per pass
 * (yielding to the event loop between them), then the freed pages are given back so the file
 * shrinks. A catch-up of a year's backlog is pruned over the following passes, not in one.
 *
 * A pass keeps to its budget by sizing each step to the time left at the cost last seen (per
 * moment for a batch, per page for the index merge), not by checking the time between fixed
 * batches: on a loaded machine one batch of 500 alone had taken 1.2 s.
 */
export function historyRetention(options: HistoryRetentionOptions) {
  const { store, retentionMs, log } = options
  const clock = options.clock ?? Date.now
  const batchSize = options.batchSize ?? 500
  const budgetMs = options.budgetMs ?? 250
  // What the last steps cost, carried from pass to pass; null until measured.
  let msPerMoment: number | null = null
  let msPerMergePage: number | null = null

  const batchFor = (leftMs: number): number => {
    if (msPerMoment === null) return Math.min(FIRST_BATCH, batchSize)
    return Math.min(batchSize, Math.floor(leftMs / Math.max(msPerMoment, 0.001)))
  }

  return {
    async afterPoll(): Promise<RetentionPass> {
      const pass: RetentionPass = { moments: 0, forwards: 0, freedBytes: 0 }
      if (retentionMs <= 0) return pass
      const started = clock()
      const left = () => budgetMs - (clock() - started)
      const pageSize = store.retention.pageSize()
      for (;;) {
        const size = batchFor(left())
        if (size < SMALLEST_BATCH && pass.moments > 0) break
        const stepStarted = clock()
        const now = stepStarted
        const wanted = Math.max(size, SMALLEST_BATCH)
        const batch = store.retention.pruneBatch(now - retentionMs, now, wanted)
        pass.moments += batch.moments
        pass.forwards += batch.forwards
        if (batch.moments > 0) pass.freedBytes += store.retention.shrink(PAGES_PER_BATCH) * pageSize
        if (batch.moments > 0) msPerMoment = (clock() - stepStarted) / batch.moments
        if (batch.moments < wanted || left() <= 0) break
        await new Promise((resolve) => setImmediate(resolve))
      }
      if (pass.moments > 0) {
        const pages =
          msPerMergePage === null ? FIRST_MERGE : Math.min(MERGE_PAGES, Math.floor(left() / msPerMergePage))
        if (pages >= SMALLEST_MERGE) {
          const mergeStarted = clock()
          store.retention.mergeIndex(pages)
          msPerMergePage = Math.max((clock() - mergeStarted) / pages, 0.001)
        }
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
