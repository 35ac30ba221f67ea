import { describe, expect, it } from 'vitest'
import { keepOwned } from '../../../../main/core/pipeline/stages/keepOwned.ts'
import { batchContext, memoryStore, OTHER_ID } from '../../../support/pipelineFixtures.ts'
import { checked, outcome } from './stageFixtures.ts'

describe('the ownership filter', () => {
  it('keeps the accounts the user owns and counts the others and the unmatched rows', () => {
    const result = outcome()
    const rows = [
      checked('e1', 0),
      checked('e2', 1, { account_id: OTHER_ID }),
      checked('e3', 2, { account_id: null }),
    ]
    const kept = keepOwned(rows, batchContext(memoryStore()), result)
    expect(kept.map((r) => r.event.eventId)).toEqual(['e1'])
    expect(result.skipped).toEqual({ 'not-owned': 1, unmatched: 1 })
  })

  it('keeps every account for a team channel (no owned accounts given)', () => {
    const rows = [checked('e1', 0), checked('e2', 1, { account_id: OTHER_ID })]
    expect(keepOwned(rows, batchContext(memoryStore(), { owned: null }), outcome())).toHaveLength(2)
  })
})
