import { describe, expect, it } from 'vitest'
import { snoozeDecision } from '../../../main/core/snooze/snoozeDecision.ts'

const base = {
  snoozeMs: 4 * 3_600_000,
  deliveredNearby: null as number | null,
  pendingFolded: 0,
  accountMutedUntil: null,
  ruleMutedUntil: null,
  now: 1_000_000,
}

describe('the snooze decision', () => {
  it('delivers when no delivered moment of the key is near, folding the pending snoozed ones', () => {
    expect(snoozeDecision({ ...base, pendingFolded: 3 })).toEqual({ status: 'delivered', folded: 3 })
  })

  it('snoozes within the window of a delivered moment, as a repeat of that moment', () => {
    expect(snoozeDecision({ ...base, deliveredNearby: 41 })).toEqual({
      status: 'snoozed',
      reason: 'window',
      threadSeq: 41,
    })
  })

  it('never snoozes a rule whose snooze is 0', () => {
    expect(snoozeDecision({ ...base, snoozeMs: 0, deliveredNearby: 41 }).status).toBe('delivered')
  })

  it('a muted moment repeats nothing, even within the window of a delivered one', () => {
    expect(snoozeDecision({ ...base, deliveredNearby: 41, ruleMutedUntil: base.now + 1 })).toEqual({
      status: 'snoozed',
      reason: 'rule-muted',
      threadSeq: null,
    })
  })

  it('honours the user muting the account or the rule until a time', () => {
    expect(snoozeDecision({ ...base, accountMutedUntil: base.now + 1 })).toEqual({
      status: 'snoozed',
      reason: 'account-muted',
      threadSeq: null,
    })
    expect(snoozeDecision({ ...base, ruleMutedUntil: base.now + 1 })).toEqual({
      status: 'snoozed',
      reason: 'rule-muted',
      threadSeq: null,
    })
    expect(snoozeDecision({ ...base, ruleMutedUntil: base.now }).status).toBe('delivered')
  })
})
