// One laptop running Moments, wired as openCore wires it (default rules, a state file, the
// ownership cache over a fixed book of accounts, a warehouse connection) but with no config file.
import pino from 'pino'
import type { OwnedAccount } from '../main/core/ownership/ownedAccount.ts'
import { ownershipCache } from '../main/core/ownership/ownershipCache.ts'
import { createPoller } from '../main/core/pipeline/poller.ts'
import { loadRules } from '../main/core/rules/loadRules.ts'
import { openMomentsStore } from '../main/core/store/store.ts'
import type { EventSource } from '../main/core/warehouse/eventSource.ts'
import { openEventSource } from '../main/core/warehouse/sourceRegistry.ts'
import { fixedOwnership } from '../main/core/wiring/ownershipSources.ts'

export const BENCH_OWNER_ID = '005BENCH000000001A'
export const DEFAULT_QUERY = 'SELECT * FROM enriched_events'

export interface LaptopOptions {
  url: string
  statePath: string
  book: readonly { id: string; name: string }[]
  lookbackMs: number
  /** How far back the first poll reaches */
  backfillMs: number
  clock?: () => number
  /**
   * The warehouse's clock as the laptop's reads see it: the bench's warehouses end at a fixed time
   * (DATA_END) while the server's clock says today, so a figure hands the cursor the data's own
   * time instead of the server's (the statement that reads the server's clock is still sent).
   * 'none': the reads say no time at all, as before the cursor moved on the warehouse's clock.
   */
  readClock?: (() => number) | 'none'
  /** The warehouse source's debug notes (PostgreSQL: the plan its head polls chose, and why) */
  note?: (details: Record<string, unknown>, message: string) => void
}

export function benchLaptop(options: LaptopOptions) {
  const log = pino({ level: 'silent' })
  const store = openMomentsStore(options.statePath)
  const accounts: OwnedAccount[] = options.book.map((a) => ({ id: a.id, name: a.name, people: [] }))
  const poller = createPoller({
    store,
    rules: loadRules({ kind: 'default' }),
    ownership: ownershipCache({
      store,
      source: fixedOwnership('bench', { userId: BENCH_OWNER_ID, accounts }),
      refreshMs: 3_600_000,
      log,
    }),
    source: atDataTime(
      openEventSource({
        url: options.url,
        query: DEFAULT_QUERY,
        statementTimeoutMs: 3_600_000,
        note: options.note,
      }),
      options.readClock,
    ),
    lookbackMs: options.lookbackMs,
    backfillMs: options.backfillMs,
    forwardTo: [],
    clock: options.clock ?? Date.now,
    log,
  })
  return {
    store,
    poller,
    async close() {
      await poller.close()
      store.close()
    },
  }
}

export type BenchLaptop = ReturnType<typeof benchLaptop>

function atDataTime(source: EventSource, readClock: LaptopOptions['readClock']): EventSource {
  return {
    ...source,
    key: 'bench',
    rowsAfter(window, accountIds, clock) {
      if (readClock === undefined) return source.rowsAfter(window, accountIds, clock)
      if (readClock === 'none') return source.rowsAfter(window, accountIds)
      return source.rowsAfter(window, accountIds, clock && (() => clock(new Date(readClock()).toISOString())))
    },
  }
}
