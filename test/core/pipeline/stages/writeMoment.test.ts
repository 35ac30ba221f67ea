import { describe, expect, it } from 'vitest'
import { writeMoment } from '../../../../main/core/pipeline/stages/writeMoment.ts'
import { batchContext, memoryStore } from '../../../support/pipelineFixtures.ts'
import { candidate, outcome } from './stageFixtures.ts'

describe('writing a moment', () => {
  it('stores a delivered moment with its outbox row for every destination', () => {
    const store = memoryStore()
    const ctx = batchContext(store, { forwardTo: ['slack:#team', 'teams:webhook'] })
    const result = outcome()
    writeMoment({ ...candidate('e1', 0), decision: { status: 'delivered', folded: 2 } }, ctx, result)
    const [moment] = store.moments.list({})
    expect(moment).toMatchObject({ status: 'delivered', folded: 2, eventIds: ['e1'], threadSeq: null })
    expect(store.outbox.forwardsOf([moment?.id as string]).map((f) => f.channel)).toEqual([
      'slack:#team',
      'teams:webhook',
    ])
    expect(result).toMatchObject({ delivered: 1, moments: [moment] })
  })

  it('stores a snoozed moment with its reason, queues nothing, and keeps it to fold', () => {
    const store = memoryStore()
    const ctx = batchContext(store, { forwardTo: ['slack:#team'] })
    const snoozed = {
      ...candidate('e1', 0),
      decision: { status: 'snoozed', reason: 'window', threadSeq: 7 } as const,
    }
    writeMoment(snoozed, ctx, outcome())
    expect(store.moments.get(snoozed.id)).toMatchObject({
      status: 'snoozed',
      snoozeReason: 'window',
      threadSeq: 7,
    })
    expect(store.outbox.forwardsOf([snoozed.id])).toEqual([])
    expect(store.snooze.pendingFolded(snoozed.match.snoozeKey)).toBe(1)
  })

  it('refuses a candidate the snooze stage never decided', () => {
    expect(() => writeMoment(candidate('e1', 0), batchContext(memoryStore()), outcome())).toThrow(
      /before the snooze stage/,
    )
  })
})
