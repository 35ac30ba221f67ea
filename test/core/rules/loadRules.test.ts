import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../../main/core/config/configErrors.ts'
import { loadRules, parseRulesFile } from '../../../main/core/rules/loadRules.ts'

function problems(yaml: string): string[] {
  try {
    parseRulesFile('rules.yaml', yaml)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  throw new Error('expected a ConfigError')
}

const GOOD = `
rules:
  - id: code-engine-test
    name: Tested code in the Code Engine
    when: event.method == "POST" && event.url == "/transform/functions/run"
    message: "{{user_name}} tested code in account {{account_name}}"
    snooze: 4h
`

describe('loading rules', () => {
  it('reads a rule with its defaults', () => {
    const [rule] = parseRulesFile('rules.yaml', GOOD)
    expect(rule).toMatchObject({
      id: 'code-engine-test',
      severity: 'normal',
      snoozeMs: 14_400_000,
      once: null,
    })
    expect(rule?.snoozeBy).toEqual(['account_id'])
  })

  it('rejects a CEL syntax error with the rule id and the reason', () => {
    expect(problems(GOOD.replace('&& event.url', '&& && event.url'))).toEqual([
      expect.stringMatching(/^rules\.yaml: rule "code-engine-test": when: Unexpected token/),
    ])
  })

  it('rejects a condition that cannot be a boolean', () => {
    expect(problems(GOOD.replace(/when: .*/, 'when: 1 + 2'))).toEqual([
      expect.stringMatching(/rule "code-engine-test": when: must be a boolean expression, but it gives int/),
    ])
  })

  it('rejects an unknown variable (only `event` exists)', () => {
    expect(problems(GOOD.replace(/when: .*/, 'when: evnt.method == "POST"'))[0]).toMatch(
      /Unknown variable: evnt/,
    )
  })

  it('rejects an unknown key, a bad severity and a bad duration, each with the id', () => {
    const text = GOOD.replace('snooze: 4h', 'snooze: 4 hours\n    severity: urgent\n    snoozeby: [x]')
    const found = problems(text)
    expect(found).toHaveLength(3)
    expect(found.join('\n')).toMatch(/rule "code-engine-test": snooze: "4 hours" is not a duration/)
    expect(found.join('\n')).toMatch(/rule "code-engine-test": severity: /)
    expect(found.join('\n')).toMatch(/rule "code-engine-test": snoozeby: unknown key/)
  })

  it('rejects a malformed template', () => {
    expect(problems(GOOD.replace('{{user_name}}', '{{#user_name}}'))[0]).toMatch(
      /rule "code-engine-test": message: Unclosed section "user_name"/,
    )
  })

  it('rejects duplicate ids and names a rule without id by position', () => {
    const found = problems(
      `${GOOD}${GOOD.replace('rules:\n', '')}  - name: x\n    when: "true"\n    message: m\n`,
    )
    expect(found).toEqual([
      expect.stringMatching(/rule "code-engine-test": id is used by an earlier rule/),
      expect.stringMatching(/rule #3: id: /),
    ])
  })

  it('skips a disabled rule', () => {
    expect(
      parseRulesFile('rules.yaml', GOOD.replace('snooze: 4h', 'snooze: 4h\n    enabled: false')),
    ).toEqual([])
  })

  it('ships a default rule set that covers every critical moment', () => {
    const ids = loadRules({ kind: 'default' }).map((r) => r.id)
    expect(ids).toEqual(
      expect.arrayContaining([
        'input-add-failed',
        'input-added',
        'code-engine-test',
        'events-loaded',
        'table-created',
        'first-feature-use',
        'connection-interrupted',
        'latency-detected',
        'pricing-page-visit',
        'documentation-burst',
      ]),
    )
    const failed = loadRules({ kind: 'default' }).find((r) => r.id === 'input-add-failed')
    expect(failed?.snoozeMs).toBe(0)
    expect(loadRules({ kind: 'default' }).find((r) => r.id === 'first-feature-use')?.once).toEqual([
      'account_id',
      'feature',
    ])
  })
})
