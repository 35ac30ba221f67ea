import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AccountFieldInfo } from '../ownership/accountFields.ts'
import type { OwnedAccount } from '../ownership/ownedAccount.ts'
import { ownedById } from '../ownership/ownedById.ts'
import { type AccountLookup, accountLookup } from '../pipeline/accountLookup.ts'
import { addOutcome, type BatchOutcome, emptyOutcome, type RuleTally } from '../pipeline/batchOutcome.ts'
import { recordBatch } from '../pipeline/recordBatch.ts'
import type { CompiledRule } from '../rules/compiledRule.ts'
import { openStore } from '../store/openStore.ts'
import { createStore, type Store } from '../store/store.ts'
import { parseContractTimestamp } from '../warehouse/contractTimestamp.ts'
import type { EventSource } from '../warehouse/eventSource.ts'

export interface RuleSet {
  label: string
  rules: readonly CompiledRule[]
}

export interface RuleReport extends RuleTally {
  rule: string
  /** Accounts with the most moments (delivered + snoozed) of this rule */
  topAccounts: { accountId: string; accountName: string; moments: number }[]
}

export interface BacktestReport {
  label: string
  rules: RuleReport[]
  totals: RuleTally & { rows: number; skipped: Record<string, number>; ruleErrors: number }
}

export interface BacktestOptions {
  /** The warehouse to replay; the caller opens and closes it */
  source: EventSource
  ruleSets: RuleSet[]
  /** null: every account */
  accounts: readonly OwnedAccount[] | null
  /**
   * The accounts' fields are today's (Salesforce keeps no history of them): a replay judges last
   * month's events on the account as it is now, a trial since converted included.
   */
  accountFields?: readonly AccountFieldInfo[]
  since: Date
  until: Date
  /**
   * History before `since` replayed first and not counted, so once-keys and snooze windows
   * start as a running Moments would have them (a feature first used a month ago is no
   * "first use" this week). 0: start from empty state.
   */
  warmupMs?: number
  onProgress?: (progress: { from: number; at: number; to: number; rows: number }) => void
}

/**
 * Replays the warehouse history through the real pipeline (ownership, rules, once, snooze) in
 * scratch state that is thrown away afterwards: the user's store, cursor and mutes are never
 * touched. One read of the warehouse feeds every rule set, so `--compare` costs no second scan.
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestReport[]> {
  const scratchDir = mkdtempSync(join(tmpdir(), 'moments-backtest-'))
  const owned = options.accounts ? ownedById(options.accounts) : null
  const accounts = options.accounts
    ? accountLookup({
        userId: '',
        accounts: [...options.accounts],
        accountFields: options.accountFields ? [...options.accountFields] : undefined,
      })
    : null
  const variants = options.ruleSets.map((set, i) => ({
    set,
    store: createStore(openStore(join(scratchDir, `variant-${i}.db`))),
    total: emptyOutcome(),
    accounts: new Map<string, Map<string, { name: string; moments: number }>>(),
  }))
  try {
    const warmupMs = options.warmupMs ?? 0
    if (warmupMs > 0) {
      const warmup = replay(options, new Date(options.since.getTime() - warmupMs), options.since)
      for await (const batch of warmup) {
        for (const variant of variants) replayBatch(batch, variant.store, variant.set.rules, owned, accounts)
      }
    }
    let seen = 0
    for await (const batch of replay(options, options.since, options.until)) {
      seen += batch.length
      for (const variant of variants) {
        const outcome = replayBatch(batch, variant.store, variant.set.rules, owned, accounts)
        addOutcome(variant.total, outcome, false)
        tallyAccounts(variant.accounts, outcome)
      }
      const last = batch[batch.length - 1]?.occurred_at
      const at = typeof last === 'string' ? parseContractTimestamp(last) : null
      options.onProgress?.({
        from: options.since.getTime(),
        at: at ?? options.since.getTime(),
        to: options.until.getTime(),
        rows: seen,
      })
    }
    return variants.map((v) => report(v.set, v.total, v.accounts))
  } finally {
    for (const variant of variants) variant.store.close()
    rmSync(scratchDir, { recursive: true, force: true })
  }
}

function replay(options: BacktestOptions, since: Date, until: Date) {
  return options.source.replay(since, until, options.accounts?.map((a) => a.id) ?? null)
}

function replayBatch(
  batch: Record<string, unknown>[],
  store: Store,
  rules: readonly CompiledRule[],
  owned: Map<string, OwnedAccount> | null,
  accounts: AccountLookup | null,
): BatchOutcome {
  return recordBatch(batch, {
    store,
    rules,
    owned,
    accounts,
    forwardTo: [],
    warehouseKey: null,
    lookbackMs: 0,
    now: 0,
    note: () => {},
  })
}

function tallyAccounts(
  into: Map<string, Map<string, { name: string; moments: number }>>,
  outcome: BatchOutcome,
): void {
  for (const moment of outcome.moments) {
    let perAccount = into.get(moment.rule)
    if (!perAccount) {
      perAccount = new Map()
      into.set(moment.rule, perAccount)
    }
    const entry = perAccount.get(moment.accountId) ?? { name: moment.accountName, moments: 0 }
    entry.moments++
    perAccount.set(moment.accountId, entry)
  }
}

function report(
  set: RuleSet,
  total: BatchOutcome,
  accounts: Map<string, Map<string, { name: string; moments: number }>>,
): BacktestReport {
  const rules = set.rules.map((rule): RuleReport => {
    const tally = total.perRule[rule.id] ?? { matches: 0, delivered: 0, snoozed: 0, suppressed: 0 }
    const top = [...(accounts.get(rule.id) ?? new Map()).entries()]
      .sort((a, b) => b[1].moments - a[1].moments || a[0].localeCompare(b[0]))
      .slice(0, 3)
      .map(([accountId, { name, moments }]) => ({ accountId, accountName: name, moments }))
    return { rule: rule.id, ...tally, topAccounts: top }
  })
  return {
    label: set.label,
    rules,
    totals: {
      rows: total.rows,
      matches: total.matches,
      delivered: total.delivered,
      snoozed: total.snoozed,
      suppressed: total.suppressed,
      skipped: total.skipped,
      ruleErrors: total.ruleErrors,
    },
  }
}
