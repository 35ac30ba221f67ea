import type { WarehouseEvent } from '../warehouse/warehouseEvent.ts'
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

/** Runs every rule over one event. An expression that errors is no match, reported for counting. */
export function matchRules(event: WarehouseEvent, rules: readonly CompiledRule[]) {
  const matches: RuleMatch[] = []
  const failures: RuleFailure[] = []
  const context = celContext(event)
  for (const rule of rules) {
    const result = rule.condition.evaluate(context)
    if (!result.ok) {
      failures.push({ ruleId: rule.id, error: result.error })
      continue
    }
    if (!result.matched) continue
    const name = rule.name.render(event.fields)
    matches.push({
      rule,
      name,
      title: `${name} — ${event.accountName ?? event.accountId ?? 'unknown account'}`,
      body: rule.message.render(event.fields),
      snoozeKey: keyOf(rule.id, rule.snoozeBy, event),
      onceKey: rule.once ? keyOf(rule.id, rule.once, event) : null,
    })
  }
  return { matches, failures }
}

/** CEL sees the row's columns; the contract's timestamps as timestamps, so rules can compare them. */
function celContext(event: WarehouseEvent): Record<string, unknown> {
  return { ...event.fields, loaded_at: event.loadedAt, occurred_at: event.occurredAt }
}

function keyOf(ruleId: string, fields: readonly string[], event: WarehouseEvent): string {
  return JSON.stringify([ruleId, ...fields.map((field) => event.fields[field] ?? null)])
}
