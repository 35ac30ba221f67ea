import { describe, expect, it } from 'vitest'
import { onceOnly } from '../../../../main/core/pipeline/stages/onceOnly.ts'
import { batchContext, memoryStore } from '../../../support/pipelineFixtures.ts'
import { candidate, outcome } from './stageFixtures.ts'

const feature = (id: string, minute: number, name: string) =>
  candidate(id, minute, { event_type: 'feature_used', method: 'GET', feature: name })

describe('once', () => {
  it('lets the first event with the once-values through and suppresses every later one', () => {
    const ctx = batchContext(memoryStore())
    const result = outcome()
    expect(onceOnly(feature('e1', 0, 'Flows'), ctx, result)).not.toBeNull()
    expect(onceOnly(feature('e2', 1, 'Flows'), ctx, result)).toBeNull()
    expect(onceOnly(feature('e3', 2, 'Reports'), ctx, result)).not.toBeNull()
    expect(result.suppressed).toBe(1)
  })

  it('passes a rule without once untouched', () => {
    const ctx = batchContext(memoryStore())
    const plain = candidate('e1', 0)
    expect(onceOnly(plain, ctx, outcome())).toBe(plain)
  })
})
