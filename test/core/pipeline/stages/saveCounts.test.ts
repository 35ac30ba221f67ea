import { describe, expect, it } from 'vitest'
import { saveCounts } from '../../../../main/core/pipeline/stages/saveCounts.ts'
import { batchContext, memoryStore } from '../../../support/pipelineFixtures.ts'
import { outcome } from './stageFixtures.ts'

describe('the counters', () => {
  it('adds the batch’s skipped, adjusted and duplicate rows to what doctor shows', () => {
    const store = memoryStore()
    const result = {
      ...outcome(),
      skipped: { 'not-owned': 3 },
      adjusted: { 'future-occurred-at': 1 },
      duplicates: 2,
    }
    saveCounts(result, batchContext(store))
    saveCounts(result, batchContext(store))
    expect(store.counters.list().map((c) => [c.scope, c.kind, c.count])).toEqual([
      ['row', 'duplicate-event-id', 4],
      ['row', 'not-owned', 6],
      ['row-adjusted', 'future-occurred-at', 2],
    ])
  })
})
