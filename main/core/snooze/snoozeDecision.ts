import type { SnoozeReason } from '../../../shared/moment.ts'

// The heart of "no repeats", pure so it can be tested with a clock and nothing else.
// Snooze windows are measured in event time (occurred_at), either side of a delivered moment,
// so a late row or a re-read never turns a snoozed moment into a second notification.

export interface SnoozeInputs {
  snoozeMs: number
  /** The seq of a delivered moment of the same key within ±snoozeMs of this one (event time); null: none */
  deliveredNearby: number | null
  /** Snoozed moments of the key since its last delivered one */
  pendingFolded: number
  /** The user's mutes, in wall-clock ms; null when none */
  accountMutedUntil: number | null
  ruleMutedUntil: number | null
  now: number
}

export type SnoozeDecision =
  | { status: 'delivered'; folded: number }
  /** threadSeq: the delivered moment a repeat in its window belongs to; null for a muted one */
  | { status: 'snoozed'; reason: SnoozeReason; threadSeq: number | null }

export function snoozeDecision(input: SnoozeInputs): SnoozeDecision {
  if (input.ruleMutedUntil !== null && input.now < input.ruleMutedUntil)
    return { status: 'snoozed', reason: 'rule-muted', threadSeq: null }
  if (input.accountMutedUntil !== null && input.now < input.accountMutedUntil) {
    return { status: 'snoozed', reason: 'account-muted', threadSeq: null }
  }
  if (input.snoozeMs > 0 && input.deliveredNearby !== null)
    return { status: 'snoozed', reason: 'window', threadSeq: input.deliveredNearby }
  return { status: 'delivered', folded: input.pendingFolded }
}
