import { describe, expect, it } from 'vitest'
import { inEventTimeOrder } from '../../../../main/core/pipeline/stages/inEventTimeOrder.ts'
import { batchContext, memoryStore } from '../../../support/pipelineFixtures.ts'
import { checked, outcome } from './stageFixtures.ts'

describe('event-time order', () => {
  it('orders a batch by occurred_at, whatever the load order', () => {
    const late = checked('late', 10, { occurred_at: '2026-11-26 08:00:00+00' })
    const ordered = inEventTimeOrder([checked('e1', 0), late], batchContext(memoryStore()), outcome())
    expect(ordered.map((r) => r.event.eventId)).toEqual(['late', 'e1'])
  })
})
