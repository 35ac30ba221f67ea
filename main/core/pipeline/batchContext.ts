import type { OwnedAccount } from '../ownership/ownedAccount.ts'
import type { CompiledRule } from '../rules/compiledRule.ts'
import type { Store } from '../store/store.ts'
import type { AccountLookup } from './accountLookup.ts'

/** What every stage of a batch may read: the store (inside the batch's transaction), the rules, a clock. */
export interface BatchContext {
  store: Store
  rules: readonly CompiledRule[]
  /** Owned accounts by id (15- and 18-character forms); null = every account (team channel) */
  owned: ReadonlyMap<string, OwnedAccount> | null
  /** The accounts' fields (the owned book, or a team channel's directory); null: none */
  accounts?: AccountLookup | null
  /** Outbox destinations (`slack:#team`) each delivered moment is queued for, in the same transaction */
  forwardTo: readonly string[]
  /** Cursor identity; null for a replay that must not move the user's cursor */
  warehouseKey: string | null
  lookbackMs: number
  now: number
  /** Polls: rows loaded after this (epoch ms) are held until their time (see `checkRow`) */
  heldAfter?: number
  note: (kind: string, message: string, details?: Record<string, unknown>) => void
}
