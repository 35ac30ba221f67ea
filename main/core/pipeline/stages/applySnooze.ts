import { snoozeDecision } from '../../snooze/snoozeDecision.ts'
import type { Mute } from '../../store/mutes.ts'
import type { BatchContext } from '../batchContext.ts'
import type { BatchOutcome } from '../batchOutcome.ts'
import type { MomentStage } from './stage.ts'

/**
 * Snooze and mutes: the pure decision over what the store knows (a delivered moment of the same
 * key within the window, in event time; the folds waiting; the user's mutes) and the clock.
 * Only what the decision can still use is read: a muted moment needs no window, a snoozed one no
 * count of folds; in a catch-up those look-ups were a third of the statements per moment.
 */
export const applySnooze: MomentStage = (candidate, ctx, outcome) => {
  const { match, event } = candidate
  const { store, now } = ctx
  const rule = match.rule
  const occurredAt = event.occurredAt.getTime()
  const mutes = activeMutes(ctx, outcome)
  const accountMutedUntil = mutes.get(`account\u0000${event.accountId}`) ?? null
  const ruleMutedUntil = mutes.get(`rule\u0000${rule.id}`) ?? null
  const muted = accountMutedUntil !== null || ruleMutedUntil !== null
  const deliveredNearby =
    !muted && rule.snoozeMs > 0
      ? store.snooze.deliveredNear(match.snoozeKey, occurredAt, rule.snoozeMs)
      : null
  const decision = snoozeDecision({
    snoozeMs: rule.snoozeMs,
    deliveredNearby,
    pendingFolded: muted || deliveredNearby !== null ? 0 : store.snooze.pendingFolded(match.snoozeKey),
    accountMutedUntil,
    ruleMutedUntil,
    now,
  })
  candidate.decision = decision
  return candidate
}

// The user's mutes can't change inside a batch's transaction: read once per batch (its outcome
// is made afresh in each), not twice per moment.
const mutesOfBatch = new WeakMap<BatchOutcome, Map<string, number>>()

function activeMutes(ctx: BatchContext, outcome: BatchOutcome): Map<string, number> {
  let mutes = mutesOfBatch.get(outcome)
  if (!mutes) {
    mutes = new Map(
      ctx.store.mutes.listActive(ctx.now).map((m: Mute) => [`${m.kind}\u0000${m.target}`, m.until]),
    )
    mutesOfBatch.set(outcome, mutes)
  }
  return mutes
}
