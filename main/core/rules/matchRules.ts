import type { EventFields } from '../../../shared/moment.ts'
import type { WarehouseEvent } from '../warehouse/warehouseEvent.ts'
import { type AccountContext, NO_ACCOUNT } from './accountContext.ts'
import type { ConditionInput, EventEquality } from './celCondition.ts'
import type { CompiledRule } from './compiledRule.ts'

export interface RuleMatch {
  rule: CompiledRule
  /** The rule's name, rendered */
  name: string
  /** "name — account", the notification title */
  title: string
  body: string
  /** Same rule and same `snoozeBy` values: the moments a snooze window folds together */
  snoozeKey: string
  /** Same rule and same `once` values; null when the rule has no `once` */
  onceKey: string | null
}

export interface RuleFailure {
  ruleId: string
  error: string
}

/**
 * Runs every rule over one event and its account. An expression that errors is no match, reported
 * for counting.
 */
export function matchRules(
  event: WarehouseEvent,
  rules: readonly CompiledRule[],
  account: AccountContext = NO_ACCOUNT,
) {
  const matches: RuleMatch[] = []
  const failures: RuleFailure[] = []
  // Made for the first rule whose expression has to run: most rows are ruled out by their source
  // and type alone, and the copy of every column was a tenth of the rules' cost.
  let input: ConditionInput | null = null
  for (const rule of rules) {
    if (!mayMatch(rule.condition.requires, event.fields)) continue
    input ??= { event: celContext(event), account: account.cel }
    const result = rule.condition.evaluate(input)
    if (!result.ok) {
      failures.push({ ruleId: rule.id, error: result.error })
      continue
    }
    if (!result.matched) continue
    const name = rule.name.render(event.fields, account.values)
    matches.push({
      rule,
      name,
      title: `${name} — ${event.accountName ?? event.accountId ?? 'unknown account'}`,
      body: rule.message.render(event.fields, account.values),
      snoozeKey: keyOf(rule.id, rule.snoozeBy, event),
      onceKey: rule.once ? keyOf(rule.id, rule.once, event) : null,
    })
  }
  return { matches, failures }
}

/**
 * False when a column the expression opens by comparing holds other text: the expression is then
 * false without running (celCondition.ts, `leadingEqualities`). A column that holds no text (null,
 * a number, absent) is left to the expression to judge.
 */
function mayMatch(requires: readonly EventEquality[], fields: EventFields): boolean {
  for (const { column, text } of requires) {
    const value = fields[column]
    if (typeof value === 'string' && value !== text) return false
  }
  return true
}

/** CEL sees the row's columns; the contract's timestamps as timestamps, so rules can compare them. */
function celContext(event: WarehouseEvent): Record<string, unknown> {
  return { ...event.fields, loaded_at: event.loadedAt, occurred_at: event.occurredAt }
}

function keyOf(ruleId: string, fields: readonly string[], event: WarehouseEvent): string {
  return JSON.stringify([ruleId, ...fields.map((field) => event.fields[field] ?? null)])
}
