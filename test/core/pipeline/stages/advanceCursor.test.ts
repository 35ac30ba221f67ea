import { describe, expect, it } from 'vitest'
import { advanceCursor } from '../../../../main/core/pipeline/stages/advanceCursor.ts'
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
