import { describe, expect, it } from 'vitest'
import { recordBatch } from '../../../main/core/pipeline/recordBatch.ts'
import { batchContext, memoryStore, warehouseRow as row } from '../../support/pipelineFixtures.ts'
import { stateDb } from '../../support/stateDb.ts'

const NOW = Date.UTC(2026, 10, 26, 12, 0)

/** Three failures (never snoozed), one moment each. */
function storeWithMoments() {
  const store = memoryStore()
  const failed = (id: string, minute: number) =>
    row(id, minute, { event_type: 'failed', method: 'GET', url: '/x' })
  recordBatch([failed('e1', 0), failed('e2', 1), failed('e3', 2)], batchContext(store, { now: NOW }))
  const ids = store.moments.list({}, { limit: 10 }).map((m) => m.id)
  return { store, ids: ids as [string, string, string] }
}

describe('the actions taken on moments', () => {
  it('keeps each action with its time and reference, oldest first', () => {
    const { store, ids } = storeWithMoments()
    store.actions.add(ids[0], 'email', NOW + 60_000)
    store.actions.add(ids[0], 'log', NOW + 120_000, '00T5g00000ABCDEFGH')
    store.actions.add(ids[1], 'noise', NOW + 30_000)
    expect(store.actions.of(ids[0])).toEqual([
      { kind: 'email', at: new Date(NOW + 60_000).toISOString(), ref: null },
      { kind: 'log', at: new Date(NOW + 120_000).toISOString(), ref: '00T5g00000ABCDEFGH' },
    ])
    expect(store.actions.latest(ids[0], 'log')?.ref).toBe('00T5g00000ABCDEFGH')
    expect(store.actions.latest(ids[2], 'log')).toBeNull()
    expect([...store.actions.ofMany(ids).keys()].sort()).toEqual([ids[0], ids[1]].sort())
  })

  it('filters the history to the moments nothing was done about yet', () => {
    const { store, ids } = storeWithMoments()
    store.actions.add(ids[0], 'done', NOW)
    store.actions.add(ids[1], 'noise', NOW)
    expect(store.moments.list({ notActed: true }).map((m) => m.id)).toEqual([ids[2]])
    expect(store.moments.count({ notActed: true })).toBe(1)
    expect(store.moments.count({ notActed: true, search: 'failed' })).toBe(1)
  })

  it('refuses an action on a moment that is not in the store, and kinds it does not know', () => {
    const { store, ids } = storeWithMoments()
    expect(() => store.actions.add('no-such-moment', 'done', NOW)).toThrow(/FOREIGN KEY/)
    expect(() => store.actions.add(ids[0], 'call' as never, NOW)).toThrow(/CHECK/)
  })

  it('goes with its moment when the moment is deleted', () => {
    const { store, ids } = storeWithMoments()
    store.actions.add(ids[0], 'done', NOW)
    const db = stateDb(store)
    db.prepare('DELETE FROM moments WHERE id = ?').run(ids[0])
    expect(db.prepare('SELECT count(*) AS n FROM moment_actions').get()).toEqual({ n: 0 })
  })
})
