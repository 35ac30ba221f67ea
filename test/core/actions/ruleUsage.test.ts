import { describe, expect, it } from 'vitest'
import { ruleUsage } from '../../../main/core/actions/ruleUsage.ts'
import { recordBatch } from '../../../main/core/pipeline/recordBatch.ts'
import { batchContext, memoryStore, warehouseRow as row } from '../../support/pipelineFixtures.ts'

const RECORDED = Date.UTC(2026, 10, 26, 12, 0)
const MINUTE = 60_000
const DAY = 86_400_000
const PERIOD = { sinceMs: Date.UTC(2026, 10, 26), untilMs: Date.UTC(2026, 10, 27) }

function failure(id: string, minute: number) {
  return row(id, minute, { event_type: 'failed', method: 'GET', url: '/x' })
}

describe('what became of each rule’s moments', () => {
  it('counts reached out, logged, done, not useful and untouched, with the median time to act', () => {
    const store = memoryStore()
    recordBatch(
      [failure('f1', 0), failure('f2', 1), failure('f3', 2), failure('f4', 3), failure('f5', 4)],
      batchContext(store, { now: RECORDED }),
    )
    const [f1, f2, f3, f4] = store.moments
      .list({ ruleId: 'never-snoozed' }, { limit: 10 })
      .map((m) => m.id)
      .reverse() as [string, string, string, string]
    store.actions.add(f1, 'email', RECORDED + 4 * MINUTE)
    store.actions.add(f1, 'log', RECORDED + 9 * MINUTE, '00T000000000001AAA')
    store.actions.add(f2, 'log', RECORDED + 30 * MINUTE, '00T000000000002AAA')
    store.actions.add(f3, 'noise', RECORDED + MINUTE)
    store.actions.add(f4, 'done', RECORDED + MINUTE)

    const [usage] = ruleUsage(store, PERIOD)
    expect(usage).toEqual({
      rule: 'never-snoozed',
      ruleName: 'Failed',
      delivered: 5,
      acted: 2,
      reachedOut: 1,
      logged: 2,
      done: 1,
      notUseful: 1,
      neverActed: 1,
      // the first action of each: 4 and 30 minutes
      medianMinutesToAct: 17,
    })
  })

  it('counts only delivered moments of the period, and has no median when nothing was acted on', () => {
    const store = memoryStore()
    // Code Engine tests snooze for 4 h: the second one is snoozed, never shown.
    recordBatch([row('c1', 0), row('c2', 10)], batchContext(store, { now: RECORDED }))
    recordBatch([row('c3', 3 * 24 * 60)], batchContext(store, { now: RECORDED + 3 * DAY }))
    const usage = ruleUsage(store, PERIOD)
    expect(usage).toEqual([
      expect.objectContaining({ rule: 'code-engine-test', delivered: 1, acted: 0, neverActed: 1 }),
    ])
    expect(usage[0]?.medianMinutesToAct).toBeNull()
    expect(ruleUsage(store, { sinceMs: 0, untilMs: PERIOD.sinceMs })).toEqual([])
  })
})
