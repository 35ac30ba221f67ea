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
  /** Time one pass may take at most, over as many steps as fit */
  budgetMs?: number
}

export interface RetentionPass {
  moments: number
  forwards: number
  /** Bytes given back to the file system */
  freedBytes: number
}

/** The share of a pass's budget the pruning may use; the rest gives pages back and merges the index. */
const PRUNE_SHARE = 0.6
/** The first batch of a pruner, before it has seen what a moment costs on this machine and file */
const FIRST_BATCH = 20
const SMALLEST_BATCH = 5
/** Free pages given back per pass however little time is left, so the file always shrinks */
const SMALLEST_SHRINK = 64
const FIRST_SHRINK = 256
const LARGEST_SHRINK = 20_000
const SMALLEST_MERGE = 8
const FIRST_MERGE = 32
const LARGEST_MERGE = 200

/**
 * What a step costs per unit, learnt from the steps before: it rises at once to a dearer step
 * and falls only halfway to a cheaper one. The cost of deleting a moment varies several-fold from
 * batch to batch (how many pages of the indexes it touches, what the commit writes, the machine's
 * load), and a pass sized on the cheapest recent batch overshoots its budget on the next dear one.
 */
function costEstimate() {
  let perUnit: number | null = null
  return {
    known: () => perUnit !== null,
    /** Units that fit in `ms` at the cost seen; `first` until a step was measured */
    fit: (ms: number, first: number): number =>
      perUnit === null ? first : Math.floor(ms / Math.max(perUnit, 0.001)),
    learn(ms: number, units: number): void {
      if (units <= 0) return
      const seen = ms / units
      perUnit = perUnit === null ? seen : Math.max(seen, (perUnit + seen) / 2)
    },
  }
}

/**
 * Forgets moments older than the retention, between polls: a few small transactions per pass
 * (yielding to the event loop between them), then the freed pages are given back so the file
 * shrinks, and a step of the full-text index's merge. A catch-up of a year's backlog is pruned
 * over the following passes, not in one; pages still free when the pruning is done are given back
 * by the passes after it.
 *
 * A pass keeps to its budget by sizing each step to the time left at the cost seen, not by
 * checking the time between fixed batches (on a loaded machine one batch of 500 alone had taken
 * 1.2 s). Each batch takes at most half the pruning time left and is at most twice the batch
 * before, so a stretch of moments several times dearer than the estimate still ends inside it.
 */
export function historyRetention(options: HistoryRetentionOptions) {
  const { store, retentionMs, log } = options
  const clock = options.clock ?? Date.now
  const batchSize = options.batchSize ?? 500
  const budgetMs = options.budgetMs ?? 250
  // Carried from pass to pass.
  const perMoment = costEstimate()
  const perFreedPage = costEstimate()
  const perMergePage = costEstimate()
  // A batch is at most twice the one before: how dear a moment is can change more than twofold
  // between batches, and a batch that grows by steps meets a dearer stretch while still small.
  let lastBatch = FIRST_BATCH

  const timed = <T>(step: () => T): [T, number] => {
    const started = clock()
    const value = step()
    return [value, clock() - started]
  }

  return {
    async afterPoll(): Promise<RetentionPass> {
      const pass: RetentionPass = { moments: 0, forwards: 0, freedBytes: 0 }
      if (retentionMs <= 0) return pass
      const started = clock()
      const left = (share = 1) => budgetMs * share - (clock() - started)
      for (;;) {
        const size = Math.min(batchSize, 2 * lastBatch, perMoment.fit(left(PRUNE_SHARE) / 2, FIRST_BATCH))
        if (size < SMALLEST_BATCH && pass.moments > 0) break
        const wanted = Math.max(size, SMALLEST_BATCH)
        const now = clock()
        const [batch, ms] = timed(() => store.retention.pruneBatch(now - retentionMs, now, wanted))
        pass.moments += batch.moments
        pass.forwards += batch.forwards
        perMoment.learn(ms, batch.moments)
        if (batch.moments > 0) lastBatch = batch.moments
        if (batch.moments < wanted || left(PRUNE_SHARE) <= 0) break
        await new Promise((resolve) => setImmediate(resolve))
      }
      // Pages go back in steps, each at most half the time left; one small step whatever the time.
      for (let step = 0; ; step++) {
        const free = store.retention.freePages()
        const fits = perFreedPage.fit(left() / 2, FIRST_SHRINK)
        if (free === 0 || (step > 0 && fits < SMALLEST_SHRINK)) break
        const pages = Math.min(free, LARGEST_SHRINK, Math.max(SMALLEST_SHRINK, fits))
        const [freed, ms] = timed(() => store.retention.shrink(pages))
        pass.freedBytes += freed * store.retention.pageSize()
        perFreedPage.learn(ms, freed)
        if (freed === 0) break
      }
      if (pass.moments > 0) {
        const pages = Math.min(LARGEST_MERGE, perMergePage.fit(left(), FIRST_MERGE))
        if (pages >= SMALLEST_MERGE) {
          const [, ms] = timed(() => store.retention.mergeIndex(pages))
          perMergePage.learn(ms, pages)
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
