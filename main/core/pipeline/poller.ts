import type { Logger } from 'pino'
import { errorMessage } from '../../../shared/errorMessage.ts'
import { ownedById } from '../ownership/ownedById.ts'
import type { OwnershipCache } from '../ownership/ownershipCache.ts'
import type { CompiledRule } from '../rules/compiledRule.ts'
import { storeFailure } from '../store/openStore.ts'
import type { Store } from '../store/store.ts'
import type { EventSource, PollWindow } from '../warehouse/eventSource.ts'
import { accountLookup } from './accountLookup.ts'
import { addOutcome, type BatchOutcome, emptyOutcome } from './batchOutcome.ts'
import { readHandovers } from './handover.ts'
import { onceNoted } from './onceNoted.ts'
import { recordBatch } from './recordBatch.ts'
import { advanceToWarehouseClock } from './stages/advanceCursor.ts'

export interface PollerOptions {
  store: Store
  rules: readonly CompiledRule[]
  /** null: every account (a team channel bot) */
  ownership: OwnershipCache | null
  /** Without an ownership filter (a team channel): every account, for their fields only */
  directory?: OwnershipCache | null
  /** The warehouse; its key names the cursor. The poller closes it. */
  source: EventSource
  lookbackMs: number
  backfillMs: number
  /** Slack outbox channels; a function is asked once per batch (the desktop's "only when I'm away") */
  forwardTo: ForwardTo
  clock: () => number
  log: Logger
}

export type ForwardTo = readonly string[] | (() => readonly string[])

export interface CatchUpProgress {
  /** Event-load time the poll started from, the cursor now, and the time the poll began (all ms) */
  from: number
  at: number
  to: number
  rows: number
}

export interface PollReport extends BatchOutcome {
  startedAt: number
  durationMs: number
  ownedAccounts: number | null
  ownershipProblem: string | null
  /** The recent events of accounts newly owned, read this poll (see handover.ts); null: none */
  handover: { accounts: number; moments: number; delivered: number } | null
}

export interface PollListener {
  /** After each committed batch: its moments are in the store now */
  onBatch?(batch: BatchOutcome, progress: CatchUpProgress): void
  /**
   * After each committed batch of a hand-over: moments of accounts newly owned, from before they
   * were, recorded but forwarded nowhere; worth one summary, not one notice each.
   */
  onHandover?(batch: BatchOutcome, progress: CatchUpProgress): void
}

/** poll → own-accounts filter → rules → snooze/once → store, one committed batch at a time. */
export function createPoller(options: PollerOptions) {
  const { store, log, clock } = options
  const note = onceNoted(log)
  const { source } = options
  const warehouseKey = source.key

  // One poll at a time: a second one waits for the first to finish.
  let busy: Promise<unknown> = Promise.resolve()
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = busy.then(work, work)
    busy = run.catch(() => {})
    return run
  }

  /** A team channel's directory gives the accounts' fields; without it (or its cache) a poll goes on without them. */
  async function directoryBook(now: number) {
    if (!options.directory) return null
    try {
      return await options.directory.current(now)
    } catch {
      return null
    }
  }

  return {
    poll(listener: PollListener = {}): Promise<PollReport> {
      return exclusive(() => pollOnce(listener))
    },
    close: () => source.close(),
  }

  async function pollOnce(listener: PollListener): Promise<PollReport> {
    const startedAt = clock()
    const total = emptyOutcome()
    try {
      const ownership = options.ownership ? await options.ownership.current(startedAt) : null
      const owned = ownership ? ownedById(ownership.snapshot.accounts) : null
      const book = ownership ?? (await directoryBook(startedAt))
      const accounts = book ? accountLookup(book.snapshot) : null
      const cursor = store.cursor.get(warehouseKey)
      // Still the backfill until a first poll has completed: after a crash in the middle of it, the
      // cursor exists, but what is left of the backfill is just as old.
      const backfill = !cursor || store.sync.get().lastSuccessAt === null
      const heldAfter = startedAt + Math.max(options.lookbackMs, 60_000)
      let handover: PollReport['handover'] = null
      if (backfill) {
        // The backfill reads every account of the book: nothing is left to hand over.
        store.handovers.done(store.handovers.pending().map((h) => h.accountId))
      } else if (owned && cursor) {
        const read = await readHandovers({
          source,
          owned,
          cursor,
          backfillMs: options.backfillMs,
          batch: {
            store,
            rules: options.rules,
            owned,
            accounts,
            lookbackMs: options.lookbackMs,
            now: clock(),
            heldAfter,
            note,
          },
          onBatch: (outcome, progress) => listener.onHandover?.(outcome, progress),
        })
        if (read) {
          addOutcome(total, read.outcome, false)
          handover = {
            accounts: read.accounts,
            moments: read.outcome.moments.length,
            delivered: read.outcome.delivered,
          }
        }
      }
      const window: PollWindow = cursor
        ? options.lookbackMs > 0
          ? { loadedAt: new Date(cursor.loadedAtMs - options.lookbackMs).toISOString(), eventId: '' }
          : { loadedAt: cursor.loadedAt, eventId: cursor.eventId }
        : { loadedAt: new Date(startedAt - options.backfillMs).toISOString(), eventId: '' }
      const from = Date.parse(window.loadedAt)
      const read = { startedAt: null as string | null }
      const rows = source.rowsAfter(
        window,
        ownership ? ownership.snapshot.accounts.map((a) => a.id) : null,
        (startedAt) => {
          read.startedAt = startedAt
        },
      )
      // A head poll reads one batch at most: the catch-up's checkpoint settings (five PRAGMAs a
      // poll, ~0.1 ms) begin with a poll's second batch.
      let catchUp: { end(): void } | null = null
      let batches = 0
      try {
        for await (const batch of rows) {
          if (++batches === 2) catchUp = store.catchingUp()
          const outcome = recordBatch(batch, {
            store,
            rules: options.rules,
            owned,
            accounts,
            // The very first poll's backfill fills the history but forwards nothing: a new team
            // channel must not receive a day of old moments at one a second.
            forwardTo: backfill
              ? []
              : typeof options.forwardTo === 'function'
                ? options.forwardTo()
                : options.forwardTo,
            warehouseKey,
            lookbackMs: options.lookbackMs,
            now: clock(),
            // A row stamped later than this would carry the cursor past every real row loaded
            // before that time. Within the lookback it can't: the next poll re-reads behind it.
            heldAfter,
            note,
          })
          addOutcome(total, outcome, false)
          const at = store.cursor.get(warehouseKey)?.loadedAtMs ?? from
          listener.onBatch?.(outcome, { from, at, to: startedAt, rows: total.rows })
        }
      } finally {
        catchUp?.end()
      }
      if (read.startedAt !== null) {
        const ctx = { store, warehouseKey, lookbackMs: options.lookbackMs, heldAfter, now: clock() }
        advanceToWarehouseClock(read.startedAt, ctx)
      }
      if (!cursor && !store.cursor.get(warehouseKey)) {
        // Nothing to backfill: still remember where this warehouse was first read from, so the
        // next poll is no longer the first one (and forwards what it finds).
        store.cursor.save(warehouseKey, { loadedAt: window.loadedAt, loadedAtMs: from, eventId: '' }, clock())
      }
      store.sync.recordSuccess(clock())
      return {
        ...total,
        startedAt,
        durationMs: clock() - startedAt,
        ownedAccounts: ownership ? ownership.snapshot.accounts.length : null,
        ownershipProblem: ownership?.problem ?? null,
        handover,
      }
    } catch (caught) {
      // The source has dropped its connection already when the read failed.
      const error = storeFailure(store.path, caught)
      try {
        store.sync.recordFailure(errorMessage(error), clock())
      } catch {
        // The state file may be what failed (a full disk): the error says so all the same.
      }
      throw error
    }
  }
}

export type Poller = ReturnType<typeof createPoller>
