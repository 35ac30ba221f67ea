import { describe, expect, it } from 'vitest'
import { recordBatch } from '../../../../main/core/pipeline/recordBatch.ts'
import { applySnooze } from '../../../../main/core/pipeline/stages/applySnooze.ts'
import { batchContext, memoryStore, warehouseRow } from '../../../support/pipelineFixtures.ts'
import { candidate, outcome } from './stageFixtures.ts'

describe('snooze and mutes', () => {
  it('delivers the first, snoozes one within the window of a delivered moment', () => {
    const ctx = batchContext(memoryStore())
    expect(applySnooze(candidate('e1', 0), ctx, outcome())?.decision).toEqual({
      status: 'delivered',
      folded: 0,
    })
    recordBatch([warehouseRow('e1', 0)], ctx)
    expect(applySnooze(candidate('e2', 60), ctx, outcome())?.decision).toEqual({
      status: 'snoozed',
      reason: 'window',
    })
  })

  it('snoozes everything of a muted rule, while the mute lasts', () => {
    const store = memoryStore()
    const ctx = batchContext(store)
    store.mutes.set('rule', 'code-engine-test', ctx.now + 60_000)
    expect(applySnooze(candidate('e1', 0), ctx, outcome())?.decision).toEqual({
      status: 'snoozed',
      reason: 'rule-muted',
    })
  })
})
