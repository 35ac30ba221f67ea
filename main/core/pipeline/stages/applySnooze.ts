import { snoozeDecision } from '../../snooze/snoozeDecision.ts'
import type { MomentStage } from './stage.ts'

/**
 * Snooze and mutes: the pure decision over what the store knows (a delivered moment of the same
 * key within the window, in event time; the folds waiting; the user's mutes) and the clock.
 */
export const applySnooze: MomentStage = (candidate, ctx) => {
  const { match, event } = candidate
  const { store, now } = ctx
  const rule = match.rule
  const occurredAt = event.occurredAt.getTime()
  const decision = snoozeDecision({
    snoozeMs: rule.snoozeMs,
    deliveredNearby:
      rule.snoozeMs > 0 ? store.snooze.deliveredNear(match.snoozeKey, occurredAt, rule.snoozeMs) : null,
    pendingFolded: store.snooze.pendingFolded(match.snoozeKey),
    accountMutedUntil: store.mutes.activeUntil('account', event.accountId as string, now),
    ruleMutedUntil: store.mutes.activeUntil('rule', rule.id, now),
    now,
  })
  return { ...candidate, decision }
}
