import { describe, expect, it } from 'vitest'
import {
  advanceCursor,
  advanceToWarehouseClock,
} from '../../../../main/core/pipeline/stages/advanceCursor.ts'
import { batchContext, memoryStore, warehouseRow } from '../../../support/pipelineFixtures.ts'

describe('the cursor', () => {
  it('moves past the last usable row of the batch, a broken last row notwithstanding', () => {
    const store = memoryStore()
    advanceCursor([warehouseRow('e1', 0), warehouseRow('e2', 1), warehouseRow('', 2)], batchContext(store))
    expect(store.cursor.get('test-warehouse')).toMatchObject({ eventId: 'e2' })
  })

  it('leaves the cursor alone for a replay', () => {
    const store = memoryStore()
    advanceCursor([warehouseRow('e1', 0)], batchContext(store, { warehouseKey: null }))
    expect(store.cursor.get('test-warehouse')).toBeNull()
  })
})

describe("the cursor on the warehouse's clock", () => {
  const READ_AT = '2026-11-26 12:00:00.123456+00'
  const readAtMs = Date.parse('2026-11-26T12:00:00.123Z')
  const context = (store = memoryStore(), overrides: { lookbackMs?: number; heldAfter?: number } = {}) => ({
    store,
    warehouseKey: 'test-warehouse',
    lookbackMs: overrides.lookbackMs ?? 120_000,
    heldAfter: overrides.heldAfter ?? readAtMs + 120_000,
    now: readAtMs,
  })

  it('moves to the start of the read, and forgets ids the next lookback cannot bring back', () => {
    const store = memoryStore()
    store.cursor.save(
      'test-warehouse',
      { loadedAt: 'old', loadedAtMs: readAtMs - 3_600_000, eventId: 'e1' },
      0,
    )
    store.seen.sight('long-ago', readAtMs - 3_600_000)
    store.seen.sight('in-the-lookback', readAtMs - 60_000)
    expect(advanceToWarehouseClock(READ_AT, context(store))).toBe(true)
    expect(store.cursor.get('test-warehouse')).toEqual({
      loadedAt: READ_AT,
      loadedAtMs: readAtMs,
      eventId: '',
    })
    expect(store.seen.loadedAt('long-ago')).toBeNull()
    expect(store.seen.loadedAt('in-the-lookback')).toBe(readAtMs - 60_000)
  })

  it('never moves back, past the time rows are held at, or without a lookback', () => {
    const ahead = memoryStore()
    ahead.cursor.save('test-warehouse', { loadedAt: 'later', loadedAtMs: readAtMs + 1, eventId: 'e9' }, 0)
    expect(advanceToWarehouseClock(READ_AT, context(ahead))).toBe(false)
    expect(ahead.cursor.get('test-warehouse')?.eventId).toBe('e9')
    const clockAhead = memoryStore()
    expect(advanceToWarehouseClock(READ_AT, context(clockAhead, { heldAfter: readAtMs - 1 }))).toBe(false)
    expect(clockAhead.cursor.get('test-warehouse')).toBeNull()
    const noLookback = memoryStore()
    expect(advanceToWarehouseClock(READ_AT, context(noLookback, { lookbackMs: 0 }))).toBe(false)
    expect(advanceToWarehouseClock('not a time', context(noLookback))).toBe(false)
    expect(noLookback.cursor.get('test-warehouse')).toBeNull()
  })
})
