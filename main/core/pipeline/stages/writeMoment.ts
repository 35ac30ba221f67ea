import type { BatchContext } from '../batchContext.ts'
import { type BatchOutcome, ruleTally } from '../batchOutcome.ts'
import type { Candidate } from './stage.ts'

/**
 * The store: the moment, delivered or snoozed, and for a delivered one its outbox rows, in the
 * batch's transaction, so a crash can never record a moment and forget to forward it.
 */
export function writeMoment(candidate: Candidate, ctx: BatchContext, outcome: BatchOutcome): void {
  const { store, now } = ctx
  const { id, event, match } = candidate
  const decision = candidate.decision
  if (!decision) throw new Error(`moment ${id}: written before the snooze stage decided it`)
  const rule = match.rule
  const accountId = event.accountId as string
  const moment = store.moments.insert({
    id,
    ruleId: rule.id,
    ruleName: match.name,
    ruleWhen: rule.when,
    accountId,
    accountName: event.accountName ?? ctx.owned?.get(accountId)?.name ?? accountId,
    severity: rule.severity,
    title: match.title,
    body: match.body,
    source: event.source,
    eventIds: [event.eventId],
    event: event.fields,
    account:
      candidate.account && Object.keys(candidate.account.values).length > 0 ? candidate.account.values : null,
    occurredAt: event.occurredAt.getTime(),
    loadedAt: event.loadedAt.getTime(),
    recordedAt: now,
    status: decision.status,
    snoozeReason: decision.status === 'snoozed' ? decision.reason : null,
    snoozeKey: match.snoozeKey,
    snoozeMs: rule.snoozeMs,
    folded: decision.status === 'delivered' ? decision.folded : 0,
    threadSeq: decision.status === 'snoozed' ? decision.threadSeq : null,
  })
  const tally = ruleTally(outcome, rule.id)
  if (decision.status === 'delivered') {
    outcome.delivered++
    tally.delivered++
    store.snooze.clearFolded(match.snoozeKey)
    for (const destination of ctx.forwardTo) store.outbox.enqueue(id, destination, now)
  } else {
    outcome.snoozed++
    tally.snoozed++
    store.snooze.addFolded(match.snoozeKey)
  }
  outcome.moments.push(moment)
}
