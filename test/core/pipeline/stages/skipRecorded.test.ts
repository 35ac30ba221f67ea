import { describe, expect, it } from 'vitest'
import { recordBatch } from '../../../../main/core/pipeline/recordBatch.ts'
import { skipRecorded } from '../../../../main/core/pipeline/stages/skipRecorded.ts'
import { batchContext, memoryStore, warehouseRow } from '../../../support/pipelineFixtures.ts'
import { candidate, outcome } from './stageFixtures.ts'

describe('moments already recorded', () => {
  it('ends a match whose moment exists, uncounted, and counts a new one', () => {
    const ctx = batchContext(memoryStore())
    recordBatch([warehouseRow('e1', 0)], ctx)
    const result = outcome()
    expect(skipRecorded(candidate('e1', 0), ctx, result)).toBeNull()
    expect(skipRecorded(candidate('e2', 1), ctx, result)).not.toBeNull()
    expect(result.matches).toBe(1)
    expect(result.perRule['code-engine-test']?.matches).toBe(1)
  })
})
