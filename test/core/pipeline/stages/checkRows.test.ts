import { describe, expect, it } from 'vitest'
import { checkRows } from '../../../../main/core/pipeline/stages/checkRows.ts'
import { batchContext, memoryStore, warehouseRow } from '../../../support/pipelineFixtures.ts'
import { outcome } from './stageFixtures.ts'

describe('the row check', () => {
  it('passes rows that keep the contract and counts each kind of broken row', () => {
    const ctx = batchContext(memoryStore())
    const result = outcome()
    const rows = [warehouseRow('e1', 0), warehouseRow('e2', 1, { source: null }), warehouseRow('', 2)]
    const passed = checkRows(rows, ctx, result)
    expect(passed.map((r) => r.event.eventId)).toEqual(['e1'])
    expect(result.skipped).toEqual({ 'missing-source': 1, 'missing-event-id': 1 })
  })

  it('counts a broken row once, however often the lookback brings it back', () => {
    const ctx = batchContext(memoryStore())
    const result = outcome()
    const broken = warehouseRow('e2', 1, { source: null })
    checkRows([broken], ctx, result)
    checkRows([{ ...broken }], ctx, result)
    expect(result.skipped).toEqual({ 'missing-source': 1 })
  })
})
