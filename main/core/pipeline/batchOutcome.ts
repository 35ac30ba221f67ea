import type { StoredMoment } from '../store/moments.ts'

export interface RuleTally {
  matches: number
  delivered: number
  snoozed: number
  suppressed: number
}

/** What one batch (and, summed, one poll) did: the figures `run`, doctor and the tray show. */
export interface BatchOutcome {
  rows: number
  skipped: Record<string, number>
  /** Rows taken, but adjusted (e.g. an event time after the load time), by kind */
  adjusted: Record<string, number>
  duplicates: number
  matches: number
  delivered: number
  snoozed: number
  suppressed: number
  ruleErrors: number
  perRule: Record<string, RuleTally>
  /** In recording order */
  moments: StoredMoment[]
}

export function emptyOutcome(): BatchOutcome {
  return {
    rows: 0,
    skipped: {},
    adjusted: {},
    duplicates: 0,
    matches: 0,
    delivered: 0,
    snoozed: 0,
    suppressed: 0,
    ruleErrors: 0,
    perRule: {},
    moments: [],
  }
}

export function addOutcome(total: BatchOutcome, batch: BatchOutcome, keepMoments: boolean): void {
  total.rows += batch.rows
  total.duplicates += batch.duplicates
  total.matches += batch.matches
  total.delivered += batch.delivered
  total.snoozed += batch.snoozed
  total.suppressed += batch.suppressed
  total.ruleErrors += batch.ruleErrors
  for (const [kind, n] of Object.entries(batch.skipped)) total.skipped[kind] = (total.skipped[kind] ?? 0) + n
  for (const [kind, n] of Object.entries(batch.adjusted))
    total.adjusted[kind] = (total.adjusted[kind] ?? 0) + n
  for (const [rule, tally] of Object.entries(batch.perRule)) {
    const into = ruleTally(total, rule)
    into.matches += tally.matches
    into.delivered += tally.delivered
    into.snoozed += tally.snoozed
    into.suppressed += tally.suppressed
  }
  if (keepMoments) total.moments.push(...batch.moments)
}

export function ruleTally(outcome: BatchOutcome, ruleId: string): RuleTally {
  outcome.perRule[ruleId] ??= { matches: 0, delivered: 0, snoozed: 0, suppressed: 0 }
  return outcome.perRule[ruleId]
}
