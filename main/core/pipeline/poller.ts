import type pg from 'pg'
import type { Logger } from 'pino'
import { ownedById } from '../ownership/ownedById.ts'
import type { OwnershipCache } from '../ownership/ownershipCache.ts'
import type { CompiledRule } from '../rules/compiledRule.ts'
import { storeFailure } from '../store/openStore.ts'
import type { Store } from '../store/store.ts'
import { buildPollQuery, type PollWindow } from '../warehouse/pollQuery.ts'
import { streamRows } from '../warehouse/streamRows.ts'
import { connectionLost } from '../warehouse/warehouseConnection.ts'
import { addOutcome, type BatchOutcome, emptyOutcome } from './batchOutcome.ts'
import { onceNoted } from './onceNoted.ts'
import { recordBatch } from './recordBatch.ts'

export interface PollerOptions {
  store: Store
  rules: readonly CompiledRule[]
  /** null: every account (a team channel bot) */
  ownership: OwnershipCache | null
  /** Opens a warehouse connection; the poller keeps it between polls and reopens it after a failure */
  connect: () => Promise<pg.Client>
  query: string
  lookbackMs: number
  backfillMs: number
  /** Identifies the warehouse the cursor belongs to */
  warehouseKey: string
  /** Slack outbox channels; a function is asked once per batch (the desktop's "only when I'm away") */
  forwardTo: ForwardTo
  clock: () => number
  log: Logger
  batchSize?: number
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
}

export interface PollListener {
  /** After each committed batch: its moments are in the store now */
  onBatch?(batch: BatchOutcome, progress: CatchUpProgress): void
}

/** poll → own-accounts filter → rules → snooze/once → store, one committed batch at a time. */
export function createPoller(options: PollerOptions) {
  const { store, log, clock } = options
  const note = onceNoted(log)
  const batchSize = options.batchSize ?? 2_000
  let client: pg.Client | null = null

  async function connection(): Promise<pg.Client> {
    client ??= await options.connect()
    return client
  }

  async function dropConnection(): Promise<void> {
    const old = client
    client = null
    await old?.end().catch(() => {})
  }

  // One user of the connection at a time: a poll, or a borrower (the desktop's rules preview;
  // the demo warehouse serves a single session).
  let busy: Promise<void> = Promise.resolve()
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = busy.then(work)
    busy = run.then(
      () => {},
      () => {},
    )
    return run
  }

  return {
    poll(listener: PollListener = {}): Promise<PollReport> {
      return exclusive(() => pollOnce(listener))
    },
    /** Lends the warehouse connection until `release`; polls wait meanwhile. */
    lend(): Promise<{ client: pg.Client; release: () => Promise<void> }> {
      return new Promise((resolveLoan, rejectLoan) => {
        void exclusive(async () => {
          let client: pg.Client
          try {
            client = await connection()
          } catch (error) {
            rejectLoan(error)
            return
          }
          await new Promise<void>((released) =>
            resolveLoan({
              client,
              release: async () => released(),
            }),
          )
        })
      })
    },
    close: dropConnection,
  }

  async function pollOnce(listener: PollListener): Promise<PollReport> {
    const startedAt = clock()
    const total = emptyOutcome()
    try {
      const ownership = options.ownership ? await options.ownership.current(startedAt) : null
      const owned = ownership ? ownedById(ownership.snapshot.accounts) : null
      const cursor = store.cursor.get(options.warehouseKey)
      // Still the backfill until a first poll has completed: after a crash in the middle of it, the
      // cursor exists, but what is left of the backfill is just as old.
      const backfill = !cursor || store.sync.get().lastSuccessAt === null
      const window: PollWindow = cursor
        ? options.lookbackMs > 0
          ? { loadedAt: new Date(cursor.loadedAtMs - options.lookbackMs).toISOString(), eventId: '' }
          : { loadedAt: cursor.loadedAt, eventId: cursor.eventId }
        : { loadedAt: new Date(startedAt - options.backfillMs).toISOString(), eventId: '' }
      const from = Date.parse(window.loadedAt)
      const rows = streamRows({
        client: await connection(),
        query: buildPollQuery(
          options.query,
          window,
          ownership ? ownership.snapshot.accounts.map((a) => a.id) : null,
        ),
        batchSize,
      })
      for await (const batch of rows) {
        const outcome = recordBatch(batch, {
          store,
          rules: options.rules,
          owned,
          // The very first poll's backfill fills the history but forwards nothing: a new team
          // channel must not receive a day of old moments at one a second.
          forwardTo: backfill
            ? []
            : typeof options.forwardTo === 'function'
              ? options.forwardTo()
              : options.forwardTo,
          warehouseKey: options.warehouseKey,
          lookbackMs: options.lookbackMs,
          now: clock(),
          // A row stamped later than this would carry the cursor past every real row loaded
          // before that time. Within the lookback it can't: the next poll re-reads behind it.
          heldAfter: startedAt + Math.max(options.lookbackMs, 60_000),
          note,
        })
        addOutcome(total, outcome, false)
        const at = store.cursor.get(options.warehouseKey)?.loadedAtMs ?? from
        listener.onBatch?.(outcome, { from, at, to: startedAt, rows: total.rows })
      }
      if (!cursor && !store.cursor.get(options.warehouseKey)) {
        // Nothing to backfill: still remember where this warehouse was first read from, so the
        // next poll is no longer the first one (and forwards what it finds).
        store.cursor.save(
          options.warehouseKey,
          { loadedAt: window.loadedAt, loadedAtMs: from, eventId: '' },
          clock(),
        )
      }
      store.sync.recordSuccess(clock())
      return {
        ...total,
        startedAt,
        durationMs: clock() - startedAt,
        ownedAccounts: ownership ? ownership.snapshot.accounts.length : null,
        ownershipProblem: ownership?.problem ?? null,
      }
    } catch (caught) {
      await dropConnection()
      const error = connectionLost(storeFailure(store.db.name, caught))
      try {
        store.sync.recordFailure(error instanceof Error ? error.message : String(error), clock())
      } catch {
        // The state file may be what failed (a full disk): the error says so all the same.
      }
      throw error
    }
  }
}

export type Poller = ReturnType<typeof createPoller>
