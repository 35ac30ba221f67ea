import { describe, expect, it } from 'vitest'
import { dropSeen } from '../../../../main/core/pipeline/stages/dropSeen.ts'
import { batchContext, memoryStore } from '../../../support/pipelineFixtures.ts'
import { stateDb } from '../../../support/stateDb.ts'
import { checked, outcome } from './stageFixtures.ts'

describe('de-duplication', () => {
  it('drops a re-read row quietly and counts a different row reusing an id, once', () => {
    const ctx = batchContext(memoryStore())
    const result = outcome()
    expect(dropSeen([checked('e1', 0)], ctx, result)).toHaveLength(1)
    expect(dropSeen([checked('e1', 0)], ctx, result)).toHaveLength(0)
    expect(result.duplicates).toBe(0)
    const other = checked('e1', 5)
    expect(dropSeen([other, other], ctx, result)).toHaveLength(0)
    expect(result.duplicates).toBe(1)
  })

  it('keeps only the ids the lookback can bring back, and answers the same for the others', () => {
    const store = memoryStore()
    const ctx = batchContext(store)
    const result = outcome()
    // A catch-up batch of an hour: ids loaded more than lookback + 1 minute before its last row
    // are pruned once it commits, so they are never written.
    const batch = [checked('old', 0), checked('old-copy', 1), checked('recent', 58), checked('last', 60)]
    expect(dropSeen(batch, ctx, result).map((r) => r.event.eventId)).toEqual([
      'old',
      'old-copy',
      'recent',
      'last',
    ])
    const kept = stateDb(store).prepare('SELECT event_id FROM seen_events ORDER BY event_id').pluck().all()
    expect(kept).toEqual(['last', 'recent'])
    // Within the batch, an unwritten id is still known: the same row again is a re-read, another
    // row with its id a duplicate; so are the written ones.
    const again = [
      checked('old', 0),
      checked('old', 2),
      checked('recent', 58),
      checked('last', 60),
      checked('new', 61),
    ]
    expect(dropSeen(again, ctx, result).map((r) => r.event.eventId)).toEqual(['old', 'new'])
    expect(result.duplicates).toBe(1)
    const inOneBatch = [checked('twice', 0), checked('twice', 3), checked('twice', 0), checked('end', 60)]
    expect(dropSeen(inOneBatch, ctx, result).map((r) => r.event.eventId)).toEqual(['twice', 'end'])
    expect(result.duplicates).toBe(2)
  })

  it('writes every id of a replay, which never prunes', () => {
    const store = memoryStore()
    dropSeen([checked('a', 0), checked('b', 60)], batchContext(store, { warehouseKey: null }), outcome())
    expect(stateDb(store).prepare('SELECT count(*) FROM seen_events').pluck().get()).toBe(2)
  })
})
