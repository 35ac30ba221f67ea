import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { momentId } from '../../../main/core/pipeline/momentId.ts'

// A moment's id names it in the store, the outbox and `moments act`: the ids of moments already
// recorded must come out the same, or a re-read would record them again.
const asRecorded = (ruleId: string, eventId: string) =>
  createHash('sha256').update(ruleId).update('\0').update(eventId).digest('hex').slice(0, 24)

describe('momentId', () => {
  it('is the id moments were recorded with', () => {
    expect(momentId('input-add-failed', 'ws-000042')).toBe('bfe79b103674c08a21dc7b25')
    for (const [rule, event] of [
      ['code-engine-test', '8f14e45f-ceea-467f-a0e6-7e3b1c5f0e1a'],
      ['first-feature-use', 'Ünïcödé 事件 🚀'],
      ['r', ''],
      ['', 'e'],
    ] as const)
      expect(momentId(rule, event)).toBe(asRecorded(rule, event))
  })

  it('tells rule and event apart where they meet', () => {
    expect(momentId('ab', 'c')).not.toBe(momentId('a', 'bc'))
  })
})
