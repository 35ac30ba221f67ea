import { describe, expect, it } from 'vitest'
import { dropSeen } from '../../../../main/core/pipeline/stages/dropSeen.ts'
import { batchContext, memoryStore } from '../../../support/pipelineFixtures.ts'
import { checked, outcome } from './stageFixtures.ts'

describe('de-duplication', () => {
  it('drops a re-read row quietly and counts a different row reusing an id, once', () => {
    const ctx = batchContext(memoryStore())
    const result = outcome()
    expect(dropSeen([checked('e1', 0)], ctx, result)).toHaveLength(1)
    expect(dropSeen([checked('e1', 0)], ctx, result)).toHaveLength(0)
    expect(result.duplicates).toBe(0)
    const other = checked('e1', 5)
    expect(dropSeen([other, other], ctx, result)).toHaveLength(0)
    expect(result.duplicates).toBe(1)
  })
})
