import { describe, expect, it } from 'vitest'
import { matchEvent } from '../../../../main/core/pipeline/stages/matchEvent.ts'
import { parseRulesFile } from '../../../../main/core/rules/loadRules.ts'
import { batchContext, memoryStore } from '../../../support/pipelineFixtures.ts'
import { checked, outcome } from './stageFixtures.ts'

const rules = parseRulesFile(
  'stage-rules.yaml',
  `
rules:
  - id: breaks
    name: Breaks
    when: event.missing_column.startsWith("x")
    message: never
  - id: any
    name: Any
    when: "true"
    message: "{{user_name}}"
`,
)

describe('the rules', () => {
  it('returns what matched and counts a rule that errors on the event as no match', () => {
    const store = memoryStore()
    const result = outcome()
    const matches = matchEvent(checked('e1', 0).event, batchContext(store, { rules }), result)
    expect(matches.map((m) => [m.rule.id, m.body])).toEqual([['any', 'Jo']])
    expect(result.ruleErrors).toBe(1)
    expect(store.counters.list()).toContainEqual(expect.objectContaining({ scope: 'rule:breaks', count: 1 }))
  })
})
