import { describe, expect, it } from 'vitest'
import { noteAdjustments } from '../../../../main/core/pipeline/stages/noteAdjustments.ts'
import { batchContext, memoryStore } from '../../../support/pipelineFixtures.ts'
import { checked, outcome } from './stageFixtures.ts'

describe('adjusted rows', () => {
  it('keeps a row recorded at its load time and counts it by kind, with one note', () => {
    const notes: string[] = []
    const ctx = batchContext(memoryStore(), { note: (kind) => void notes.push(kind) })
    const result = outcome()
    const future = checked('e1', 0, { occurred_at: '2100-01-01 00:00:00+00' })
    expect(noteAdjustments([future, checked('e2', 1)], ctx, result)).toHaveLength(2)
    expect(result.adjusted).toEqual({ 'future-occurred-at': 1 })
    expect(notes).toEqual(['row-adjusted:future-occurred-at'])
  })
})
