import { describe, expect, it } from 'vitest'
import { recordBatch } from '../../../main/core/pipeline/recordBatch.ts'
import { batchContext, memoryStore, threadMoment, warehouseRow } from '../../support/pipelineFixtures.ts'

// The history as threads: a delivered moment, its snoozed repeats folded beneath it; a moment
// snoozed by a mute, which repeats nothing, still a row of its own.

function threadedStore() {
  const store = memoryStore()
  const ctx = batchContext(store)
  recordBatch([warehouseRow('d1', 0, { user_name: 'Ada' })], ctx)
  recordBatch(
    [
      warehouseRow('r1', 30, { user_name: 'Grace' }),
      warehouseRow('r2', 60, { user_name: 'Zelda' }),
      warehouseRow('r3', 90, { user_name: 'Grace' }),
    ],
    ctx,
  )
  recordBatch([warehouseRow('d2', 600, { user_name: 'Linus' })], ctx)
  store.mutes.set('rule', 'code-engine-test', ctx.now + 60_000)
  recordBatch([warehouseRow('m1', 900, { user_name: 'Muted' })], ctx)
  const idOf = (event: string) => store.moments.list({}).find((m) => m.eventIds[0] === event)?.id as string
  return { store, idOf }
}

describe('the history as threads', () => {
  it('lists delivered moments and moments of no thread, newest first, and counts each thread', () => {
    const { store, idOf } = threadedStore()
    const rows = store.moments.list({ threads: true })
    expect(rows.map((m) => m.id)).toEqual([idOf('m1'), idOf('d2'), idOf('d1')])
    expect(store.moments.count({ threads: true })).toBe(3)
    const repeats = store.threads.repeatsOf(rows.map((m) => m.seq))
    const d1 = store.moments.get(idOf('d1'))
    expect(repeats.get(d1?.seq as number)).toEqual({
      count: 3,
      lastAt: Date.parse(store.moments.get(idOf('r3'))?.occurredAt as string),
    })
    expect(repeats.size).toBe(1)
  })

  it('pages a thread’s repeats newest first', () => {
    const { store, idOf } = threadedStore()
    expect(store.threads.repeats(idOf('d1'), { limit: 2, offset: 0 })).toMatchObject({
      total: 3,
      items: [{ id: idOf('r3') }, { id: idOf('r2') }],
    })
    expect(store.threads.repeats(idOf('d1'), { limit: 2, offset: 2 }).items.map((m) => m.id)).toEqual([
      idOf('r1'),
    ])
    expect(store.threads.repeats(idOf('d2'), { limit: 2, offset: 0 })).toEqual({ items: [], total: 0 })
  })

  it('the flat history (the CLI, the Snoozed filter) still lists every repeat', () => {
    const { store } = threadedStore()
    expect(store.moments.count({})).toBe(6)
    expect(store.moments.count({ status: 'snoozed' })).toBe(4)
  })

  it('a search matching a repeat finds its delivered moment, with the matching repeats only', () => {
    const { store, idOf } = threadedStore()
    expect(store.moments.list({ threads: true, search: 'zelda' }).map((m) => m.id)).toEqual([idOf('d1')])
    expect(store.moments.count({ threads: true, search: 'zelda' })).toBe(1)
    expect(store.moments.list({ threads: true, search: 'grace' }).map((m) => m.id)).toEqual([idOf('d1')])
    const seq = store.moments.get(idOf('d1'))?.seq as number
    expect(store.threads.repeatsOf([seq], 'grace').get(seq)?.count).toBe(2)
    expect(
      store.threads.repeats(idOf('d1'), { limit: 10, offset: 0 }, 'grace').items.map((m) => m.id),
    ).toEqual([idOf('r3'), idOf('r1')])
    // The delivered moment's own words, and the muted moment's, find them as before.
    expect(store.moments.list({ threads: true, search: 'linus' }).map((m) => m.id)).toEqual([idOf('d2')])
    expect(store.moments.list({ threads: true, search: 'muted' }).map((m) => m.id)).toEqual([idOf('m1')])
    expect(store.moments.count({ threads: true, search: 'nobody' })).toBe(0)
  })

  it('retention forgetting a delivered moment leaves its younger repeats as moments of their own', () => {
    const { store, idOf } = threadedStore()
    const d1 = store.moments.get(idOf('d1'))
    const r1 = store.moments.get(idOf('r1'))
    // Everything before r1 goes: d1 only.
    store.retention.pruneBatch(Date.parse(r1?.occurredAt as string), Date.UTC(2027, 0, 1), 10)
    expect(store.moments.get(idOf('d1'))).toBeNull()
    expect(store.threads.repeatsOf([d1?.seq as number]).size).toBe(0)
    expect(store.moments.list({ threads: true }).map((m) => m.id)).toEqual([
      idOf('m1'),
      idOf('d2'),
      idOf('r3'),
      idOf('r2'),
      idOf('r1'),
    ])
  })
})

describe('a threaded search of a frequent word', () => {
  // 60 threads of 5 repeats; only the repeats say "common": frequent enough to be walked newest
  // first (searchPlan.ts), each moment's repeats probed through their index.
  const store = memoryStore()
  const base = Date.UTC(2026, 10, 1)
  const moment = threadMoment
  const heads: string[] = []
  store.transaction(() => {
    for (let t = 0; t < 60; t++) {
      // Thread 7 has no repeat saying it: the search must leave it out.
      const head = store.moments.insert(moment(`h${t}`, base + t * 3_600_000, 'shown', null))
      heads.push(head.id)
      for (let r = 0; r < 5; r++)
        store.moments.insert(
          moment(
            `h${t}r${r}`,
            base + t * 3_600_000 + (r + 1) * 60_000,
            t === 7 ? 'rare' : 'common',
            head.seq,
          ),
        )
    }
  })
  const expected = heads.filter((id) => id !== 'h7').reverse()

  it('lists the threads its repeats reach, newest first, as the exact plan would', () => {
    expect(store.moments.list({ threads: true, search: 'common' }, { limit: 100 }).map((m) => m.id)).toEqual(
      expected,
    )
    expect(
      store.moments.list({ threads: true, search: 'common' }, { limit: 10, offset: 50 }).map((m) => m.id),
    ).toEqual(expected.slice(50, 60))
    expect(store.moments.count({ threads: true, search: 'common' })).toBe(59)
  })

  it('counts them up to a cap, and says when there are more', () => {
    expect(store.moments.countUpTo({ threads: true, search: 'common' }, 20)).toEqual({
      count: 20,
      more: true,
    })
    expect(store.moments.countUpTo({ threads: true, search: 'common' }, 100)).toEqual({
      count: 59,
      more: false,
    })
    expect(store.moments.countUpTo({ threads: true, search: 'rare' }, 1)).toEqual({ count: 1, more: false })
    // The flat history too: a search alone is counted in the index, up to the cap; with another
    // filter it is counted exactly.
    expect(store.moments.countUpTo({ search: 'common' }, 20)).toEqual({ count: 20, more: true })
    expect(store.moments.countUpTo({ search: 'common' }, 1_000)).toEqual({ count: 295, more: false })
    expect(store.moments.countUpTo({ search: 'common', status: 'snoozed' }, 20)).toEqual({
      count: 295,
      more: false,
    })
  })
})
