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
    const delivered = ctx.store.moments.list({})[0]
    expect(applySnooze(candidate('e2', 60), ctx, outcome())?.decision).toEqual({
      status: 'snoozed',
      reason: 'window',
      threadSeq: delivered?.seq,
    })
  })

  it('a repeat joins the thread of the nearest delivered moment before it, and is stored so', () => {
    const ctx = batchContext(memoryStore())
    // e1 and e3 delivered (5 h apart, past the 4 h window); the others are repeats, e0 a late row.
    recordBatch([warehouseRow('e1', 0)], ctx)
    recordBatch([warehouseRow('e3', 300)], ctx)
    recordBatch([warehouseRow('e2', 100), warehouseRow('e4', 200), warehouseRow('e5', 310)], ctx)
    recordBatch([warehouseRow('e0', -30)], ctx)
    const byEvent = new Map(ctx.store.moments.list({}).map((m) => [m.eventIds[0], m]))
    const seqOf = (e: string) => byEvent.get(e)?.seq
    expect(byEvent.get('e1')).toMatchObject({ status: 'delivered', threadSeq: null })
    expect(byEvent.get('e3')).toMatchObject({ status: 'delivered', threadSeq: null })
    expect(byEvent.get('e2')).toMatchObject({ status: 'snoozed', threadSeq: seqOf('e1') })
    // Within both windows, nearer e3: the delivered moment before it wins over the one after.
    expect(byEvent.get('e4')).toMatchObject({ status: 'snoozed', threadSeq: seqOf('e1') })
    expect(byEvent.get('e5')).toMatchObject({ status: 'snoozed', threadSeq: seqOf('e3') })
    // Before every delivered moment: the nearest after it.
    expect(byEvent.get('e0')).toMatchObject({ status: 'snoozed', threadSeq: seqOf('e1') })
  })

  it('snoozes everything of a muted rule, while the mute lasts', () => {
    const store = memoryStore()
    const ctx = batchContext(store)
    store.mutes.set('rule', 'code-engine-test', ctx.now + 60_000)
    expect(applySnooze(candidate('e1', 0), ctx, outcome())?.decision).toEqual({
      status: 'snoozed',
      reason: 'rule-muted',
      threadSeq: null,
    })
  })

  it('a muted moment in the window of a delivered one is no repeat of it', () => {
    const store = memoryStore()
    const ctx = batchContext(store)
    recordBatch([warehouseRow('e1', 0)], ctx)
    store.mutes.set('rule', 'code-engine-test', ctx.now + 60_000)
    recordBatch([warehouseRow('e2', 60)], ctx)
    const muted = store.moments.list({}).find((m) => m.eventIds[0] === 'e2')
    expect(muted).toMatchObject({ status: 'snoozed', snoozeReason: 'rule-muted', threadSeq: null })
  })

  it('reads the mutes afresh for every batch, even one recorded with the same context', () => {
    const store = memoryStore()
    const ctx = batchContext(store)
    // Five hours apart: outside the rule's 4 h window, so only a mute can snooze the second.
    expect(recordBatch([warehouseRow('e1', 0)], ctx).moments.map((m) => m.status)).toEqual(['delivered'])
    store.mutes.set('rule', 'code-engine-test', ctx.now + 60_000)
    const second = recordBatch([warehouseRow('e2', 300)], ctx).moments
    expect(second.map((m) => [m.status, m.snoozeReason])).toEqual([['snoozed', 'rule-muted']])
    store.mutes.clear('rule', 'code-engine-test')
    const third = recordBatch([warehouseRow('e3', 600)], ctx).moments
    expect(third.map((m) => [m.status, m.folded])).toEqual([['delivered', 1]])
  })
})
