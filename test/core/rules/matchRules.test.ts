import { describe, expect, it } from 'vitest'
import { parseRulesFile } from '../../../main/core/rules/loadRules.ts'
import { matchRules } from '../../../main/core/rules/matchRules.ts'
import type { WarehouseEvent } from '../../../main/core/warehouse/warehouseEvent.ts'

function event(fields: Record<string, string | number | boolean | null>): WarehouseEvent {
  return {
    eventId: 'ev-1',
    loadedAtRaw: '2026-11-26 10:00:00+00',
    loadedAt: new Date('2026-11-26T10:00:00Z'),
    occurredAt: new Date('2026-11-26T09:59:00Z'),
    source: String(fields.source ?? 'webserver'),
    eventType: String(fields.event_type ?? 'add_input'),
    accountId: '001000000000001AAA',
    accountName: 'Acme <Corp>',
    fields: { account_id: '001000000000001AAA', account_name: 'Acme <Corp>', ...fields },
  }
}

const rules = parseRulesFile(
  'rules.yaml',
  `
rules:
  - id: input-add-failed
    name: Failed to add an input
    when: event.source == "webserver" && event.url == "/plumbing/inputs" && !event.is_response_ok
    message: "{{user_name}} failed to add input {{input_name}} in account {{account_name}}. Pages visited: {{pages_visited}}"
    severity: high
  - id: starts-with
    name: "Input {{input_name}}"
    when: event.input_name.startsWith("My")
    message: m
  - id: late
    name: Late
    when: event.loaded_at - event.occurred_at > duration("30s")
    message: late
`,
)

describe('matching rules against an event', () => {
  it('renders the title and message from the event, raw (escaping is per target)', () => {
    const { matches } = matchRules(
      event({
        source: 'webserver',
        url: '/plumbing/inputs',
        is_response_ok: false,
        user_name: 'Jo <script>',
        input_name: 'MySQL',
        pages_visited: 'Docs: Adding inputs',
      }),
      rules,
    )
    const failed = matches.find((m) => m.rule.id === 'input-add-failed')
    expect(failed?.title).toBe('Failed to add an input — Acme <Corp>')
    expect(failed?.body).toBe(
      'Jo <script> failed to add input MySQL in account Acme <Corp>. Pages visited: Docs: Adding inputs',
    )
    expect(matches.find((m) => m.rule.id === 'starts-with')?.name).toBe('Input MySQL')
  })

  it('compares the contract timestamps as timestamps', () => {
    expect(matchRules(event({ input_name: 'x' }), rules).matches.map((m) => m.rule.id)).toContain('late')
  })

  it('treats an expression error on a row (a NULL where a string is expected) as no match, reported', () => {
    const { matches, failures } = matchRules(
      event({ input_name: null, url: null, is_response_ok: true }),
      rules,
    )
    expect(matches.map((m) => m.rule.id)).toEqual(['late'])
    expect(failures).toEqual([{ ruleId: 'starts-with', error: expect.stringContaining('null') }])
  })

  it('reports a missing field as an error, not a crash', () => {
    const { failures } = matchRules(event({ source: 'webserver' }), rules)
    expect(failures.map((f) => f.ruleId)).toEqual(['input-add-failed', 'starts-with'])
  })

  it('never renders template syntax that arrives inside event text', () => {
    const { matches } = matchRules(
      event({
        source: 'webserver',
        url: '/plumbing/inputs',
        is_response_ok: false,
        user_name: '{{account_id}}',
        input_name: 'x',
      }),
      rules,
    )
    expect(matches[0]?.body.startsWith('{{account_id}} failed')).toBe(true)
  })

  it('keys snooze and once by rule and field values', () => {
    const [first] = matchRules(event({ input_name: 'MyA' }), rules).matches.filter(
      (m) => m.rule.id === 'starts-with',
    )
    expect(first?.snoozeKey).toBe(JSON.stringify(['starts-with', '001000000000001AAA']))
    expect(first?.onceKey).toBeNull()
  })
})
