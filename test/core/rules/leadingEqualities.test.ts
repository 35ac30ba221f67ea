import { describe, expect, it } from 'vitest'
import type { AccountValues } from '../../../main/core/ownership/accountFields.ts'
import { accountContext } from '../../../main/core/rules/accountContext.ts'
import { leadingEqualities, parseCondition } from '../../../main/core/rules/celCondition.ts'
import type { CompiledRule } from '../../../main/core/rules/compiledRule.ts'
import { loadRules, parseRulesFile } from '../../../main/core/rules/loadRules.ts'
import { matchRules } from '../../../main/core/rules/matchRules.ts'
import type { WarehouseEvent } from '../../../main/core/warehouse/warehouseEvent.ts'

// A rule whose expression opens with `event.<column> == "<text>"` is no match for an event whose
// column holds other text, without running the expression. These tests hold that shortcut to what
// running every expression gives: the same matches and the same failures.

const equalities = (when: string) => leadingEqualities(parseCondition(when).ast)

describe('the equalities an expression opens with', () => {
  it('are the comparisons of a column with a text that open the top-level && chain', () => {
    expect(
      equalities('event.source == "webserver" && event.event_type == "add_input" && !event.is_response_ok'),
    ).toEqual([
      { column: 'source', text: 'webserver' },
      { column: 'event_type', text: 'add_input' },
    ])
    expect(equalities('"backend" == event.source')).toEqual([{ column: 'source', text: 'backend' }])
  })

  it('stop at the first term that is anything else: a later one may never be reached', () => {
    expect(equalities('event.url.startsWith("/x") && event.source == "website"')).toEqual([])
    expect(equalities('event.source == "website" && event.n > 1 && event.event_type == "page_view"')).toEqual(
      [{ column: 'source', text: 'website' }],
    )
  })

  it('are none for an alternative, a negation, a number, another variable or a timestamp', () => {
    expect(equalities('event.source == "a" || event.source == "b"')).toEqual([])
    expect(equalities('!(event.source == "a")')).toEqual([])
    expect(equalities('event.source != "a"')).toEqual([])
    expect(equalities('event.status_code == 500')).toEqual([])
    expect(equalities('account.Type == "Trial" && event.source == "a"')).toEqual([])
    expect(equalities('event.occurred_at == "2026-01-01T00:00:00Z"')).toEqual([])
    expect(equalities('event.source == event.event_type')).toEqual([])
  })
})

const SOURCES = ['webserver', 'backend', 'monitoring', 'website']
const TYPES = ['add_input', 'events_loaded', 'table_created', 'feature_used', 'latency_detected', 'page_view']
const METHODS = ['POST', 'GET', null]
const URLS = ['/transform/functions/run', '/pricing/plans', '/docs/inputs', null]
const ACCOUNTS: (AccountValues | undefined)[] = [{ Type: 'Trial' }, { Type: 'Customer - Direct' }, undefined]

function* events(): Generator<WarehouseEvent> {
  const at = new Date('2026-11-26T09:00:00Z')
  for (const source of SOURCES)
    for (const eventType of TYPES)
      for (const method of METHODS)
        for (const url of URLS)
          for (const ok of [true, false, null])
            yield {
              eventId: 'e1',
              loadedAtRaw: '2026-11-26 09:00:00+00',
              loadedAt: at,
              occurredAt: at,
              source,
              eventType,
              accountId: '001000000000001AAA',
              accountName: 'Acme Corp',
              fields: {
                event_id: 'e1',
                source,
                event_type: eventType,
                account_id: '001000000000001AAA',
                account_name: 'Acme Corp',
                method,
                url,
                is_response_ok: ok,
                feature: ok ? 'Alerts' : null,
                docs_pages_last_hour: ok === false ? 7 : 1,
                severity: 'high',
                system_name: 'Snowflake',
                output_name: 'S3',
                table_name: 't',
                user_name: 'Jo',
                input_name: 'MySQL',
                pages_visited: null,
              },
            }
}

/** Every expression run on the event, as before the shortcut. */
function runEvery(event: WarehouseEvent, rules: readonly CompiledRule[], account: AccountValues | undefined) {
  const context = accountContext(account, [{ path: 'Type', label: 'Type', type: 'picklist' }])
  const input = {
    event: { ...event.fields, loaded_at: event.loadedAt, occurred_at: event.occurredAt },
    account: context.cel,
  }
  const matched: string[] = []
  const failed: string[] = []
  for (const rule of rules) {
    const result = rule.condition.evaluate(input)
    if (!result.ok) failed.push(rule.id)
    else if (result.matched) matched.push(rule.id)
  }
  return { matched, failed }
}

function compare(rules: readonly CompiledRule[]): { events: number; skipped: number } {
  let n = 0
  let skipped = 0
  for (const event of events())
    for (const account of ACCOUNTS) {
      n++
      const context = accountContext(account, [{ path: 'Type', label: 'Type', type: 'picklist' }])
      const { matches, failures } = matchRules(event, rules, context)
      expect({
        matched: matches.map((m) => m.rule.id),
        failed: failures.map((f) => f.ruleId),
      }).toEqual(runEvery(event, rules, account))
      skipped += rules.filter((r) =>
        r.condition.requires.some(({ column, text }) => event.fields[column] !== text),
      ).length
    }
  return { events: n, skipped }
}

describe('matching with the shortcut', () => {
  it('gives what running every default rule gives, and skips most of them', () => {
    const rules = loadRules({ kind: 'default' })
    expect(rules.filter((r) => r.condition.requires.length > 0).length).toBeGreaterThan(rules.length / 2)
    const { events: n, skipped } = compare(rules)
    expect(skipped).toBeGreaterThan((n * rules.length) / 2)
  })

  it('reports the same failures: a column the event lacks, or holds no text, is the expression’s to judge', () => {
    const rules = parseRulesFile(
      'rules.yaml',
      `
rules:
  - id: missing-column
    name: N
    when: event.no_such_column == "x" && event.source == "webserver"
    message: m
  - id: null-column
    name: N
    when: event.method == "POST" && event.url == "/transform/functions/run"
    message: m
  - id: fails-after
    name: N
    when: event.source == "webserver" && event.no_such_column > 1
    message: m
  - id: number-column
    name: N
    when: event.docs_pages_last_hour == "7" || event.source == "backend"
    message: m
`,
    )
    compare(rules)
    const failing = rules.find((r) => r.id === 'fails-after') as CompiledRule
    expect(failing.condition.requires).toEqual([{ column: 'source', text: 'webserver' }])
  })

  it('is not fooled by a column named like what every JavaScript object has', () => {
    // A rule file is the user's, but its column names reach a lookup in the event's fields:
    // `constructor` or `__proto__` must read the event's column, never the object's own machinery.
    const rules = parseRulesFile(
      'rules.yaml',
      `
rules:
  - id: constructor
    name: N
    when: event.constructor == "webserver" && event.source == "webserver"
    message: m
  - id: proto
    name: N
    when: event.__proto__ == "x"
    message: m
  - id: to-string
    name: N
    when: event.toString == "x" || event.source == "webserver"
    message: m
`,
    )
    expect(rules.map((r) => r.condition.requires.map((e) => e.column))).toEqual([
      ['constructor', 'source'],
      ['__proto__'],
      [],
    ])
    compare(rules)
  })
})
