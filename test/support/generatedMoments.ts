// Stores full of moments made the real way: the synthetic generator fills a PostgreSQL warehouse
// (reference schema and enriched_events view), and its rows go through the real pipeline
// (recordBatch: contract check, ownership, rules, once, snooze) into a real SQLite store.
// No moment is ever written by hand.
import pg from 'pg'
import { DEMO_ACCOUNT_FIELDS, demoAccountValues } from '../../main/core/demo/demoAccountFields.ts'
import type { OwnedAccount, OwnershipSnapshot } from '../../main/core/ownership/ownedAccount.ts'
import { accountLookup } from '../../main/core/pipeline/accountLookup.ts'
import { addOutcome, type BatchOutcome, emptyOutcome } from '../../main/core/pipeline/batchOutcome.ts'
import { recordBatch } from '../../main/core/pipeline/recordBatch.ts'
import type { CompiledRule } from '../../main/core/rules/compiledRule.ts'
import { loadRules } from '../../main/core/rules/loadRules.ts'
import type { Store } from '../../main/core/store/store.ts'
import { parseContractTimestamp } from '../../main/core/warehouse/contractTimestamp.ts'
import { DEMO_OWNER, loadSyntheticData, type SyntheticData } from '../../warehouse/synthetic/index.ts'
import { createTestDatabase } from './postgres.ts'
import { testSource } from './testSource.ts'

export const DEFAULT_QUERY = 'SELECT * FROM enriched_events'

export interface GeneratedWarehouse {
  url: string
  data: SyntheticData
  /** The demo owner's book: what the demo's ownership filter keeps, with each account's fields */
  owned: OwnedAccount[]
  /** The book as the demo's ownership refresh gives it (the account fields' labels too) */
  book: OwnershipSnapshot
  /** Runs SQL on the warehouse (to plant hostile text in raw tables, say) */
  sql(text: string, values?: unknown[]): Promise<void>
  drop(): Promise<void>
}

export async function generatedWarehouse(options: {
  events: number
  days: number
  end: Date
  seed?: number
  accounts?: number
}): Promise<GeneratedWarehouse> {
  const db = await createTestDatabase('renderer_warehouse')
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  try {
    const data = await loadSyntheticData(client, {
      seed: options.seed ?? 7,
      accounts: options.accounts ?? 30,
      events: options.events,
      days: options.days,
      end: options.end,
    })
    const owned = data.accounts
      .filter((a) => a.ownerId === DEMO_OWNER.id)
      .map((a) => ({ id: a.id, name: a.name, people: [], fields: demoAccountValues(a, options.end) }))
    return {
      url: db.url,
      data,
      owned,
      book: { userId: DEMO_OWNER.id, accounts: owned, accountFields: [...DEMO_ACCOUNT_FIELDS] },
      async sql(text, values) {
        const c = new pg.Client({ connectionString: db.url })
        await c.connect()
        try {
          await c.query(text, values)
        } finally {
          await c.end()
        }
      },
      drop: db.drop,
    }
  } finally {
    await client.end()
  }
}

export interface RecordOptions {
  /** null: every account (a team channel); default: the demo owner's */
  owned?: readonly OwnedAccount[] | null
  query?: string
  rules?: readonly CompiledRule[]
  forwardTo?: readonly string[]
  now?: number
}

/** Replays the warehouse (event-time order) through recordBatch into the store, as a poll would. */
export async function recordFromWarehouse(
  store: Store,
  warehouse: GeneratedWarehouse,
  options: RecordOptions = {},
): Promise<{ outcome: BatchOutcome; momentRows: Record<string, unknown>[] }> {
  const owned = options.owned === undefined ? warehouse.owned : options.owned
  const rules = options.rules ?? loadRules({ kind: 'default' })
  const source = testSource(warehouse.url, options.query ?? DEFAULT_QUERY)
  // The rules see the fields of the accounts in the book, as a poll's account-fields stage gives them.
  const accounts = owned ? accountLookup({ ...warehouse.book, accounts: [...owned] }) : null
  const total = emptyOutcome()
  const momentRows: Record<string, unknown>[] = []
  try {
    const batches = source.replay(
      warehouse.data.from,
      new Date(warehouse.data.to.getTime() + 1),
      owned?.map((a) => a.id) ?? null,
    )
    for await (const batch of batches) {
      const outcome = recordBatch(batch, {
        store,
        rules,
        owned: owned ? new Map(owned.map((a) => [a.id, a])) : null,
        accounts,
        forwardTo: options.forwardTo ?? [],
        warehouseKey: null,
        lookbackMs: 0,
        now: options.now ?? Date.now(),
        note: () => {},
      })
      addOutcome(total, outcome, true)
      const ids = new Set(outcome.moments.flatMap((m) => m.eventIds))
      momentRows.push(...batch.filter((row) => ids.has(row.event_id as string)))
    }
  } finally {
    await source.close()
  }
  return { outcome: total, momentRows }
}

/**
 * Grows a store to `target` moments by sending copies of real warehouse rows through the
 * pipeline again: each copy gets a new event_id and lands `stepMs` earlier, as the same
 * customers' activity of an earlier period would. Rules, once-keys and snoozing apply as ever.
 */
export function replicateThroughPipeline(
  store: Store,
  rows: readonly Record<string, unknown>[],
  options: { target: number; stepMs: number; owned?: readonly OwnedAccount[] | null; now?: number },
): number {
  if (rows.length === 0) throw new Error('nothing to replicate')
  const rules = loadRules({ kind: 'default' })
  const owned = options.owned ? new Map(options.owned.map((a) => [a.id, a])) : null
  let count = store.moments.count({})
  for (let copy = 1; count < options.target; copy++) {
    const shifted = rows.map((row) => ({
      ...row,
      event_id: `${row.event_id as string}~${copy}`,
      occurred_at: shift(row.occurred_at, copy * options.stepMs),
      loaded_at: shift(row.loaded_at, copy * options.stepMs),
    }))
    for (let i = 0; i < shifted.length; i += 2_000) {
      recordBatch(shifted.slice(i, i + 2_000), {
        store,
        rules,
        owned,
        forwardTo: [],
        warehouseKey: null,
        lookbackMs: 0,
        now: options.now ?? Date.now(),
        note: () => {},
      })
    }
    count = store.moments.count({})
  }
  return count
}

function shift(value: unknown, backMs: number): string {
  const ms = parseContractTimestamp(String(value))
  if (ms === null) throw new Error(`not a warehouse timestamp: ${String(value)}`)
  return new Date(ms - backMs).toISOString().replace('T', ' ').replace('Z', '+00')
}

/**
 * Settles the Slack outbox as a sender would: the forwards for which `fail` says so are given up
 * with a reason, the rest sent. Uses the outbox's own sending API, oldest first.
 */
export function settleOutbox(
  store: Store,
  channel: string,
  fail: (momentId: string) => boolean,
  now = Date.now(),
) {
  for (let entry = store.outbox.head(channel); entry; entry = store.outbox.head(channel)) {
    if (fail(entry.momentId)) {
      store.outbox.markFailed(entry.id, now, 'channel_not_found: the bot is not in #moments', {
        attempted: true,
      })
    } else {
      store.outbox.markSent(entry.id, now, null)
    }
  }
}
