import { createHash } from 'node:crypto'
import type { OwnedAccount } from '../ownership/ownedAccount.ts'
import type { CompiledRule } from '../rules/compiledRule.ts'
import { matchRules, type RuleMatch } from '../rules/matchRules.ts'
import { snoozeDecision } from '../snooze/snoozeDecision.ts'
import type { PollCursor } from '../store/pollCursor.ts'
import type { Store } from '../store/store.ts'
import { checkRow, type RowAdjustment } from '../warehouse/rowContract.ts'
import type { WarehouseEvent } from '../warehouse/warehouseEvent.ts'
import { type BatchOutcome, emptyOutcome, ruleTally } from './batchOutcome.ts'
import { momentId } from './momentId.ts'

export interface BatchContext {
  store: Store
  rules: readonly CompiledRule[]
  /** Owned accounts by id (15- and 18-character forms); null = every account (team channel) */
  owned: ReadonlyMap<string, OwnedAccount> | null
  /** Slack outbox channels each delivered moment is queued for, in the same transaction */
  forwardTo: readonly string[]
  /** Cursor identity; null for a replay that must not move the user's cursor */
  warehouseKey: string | null
  lookbackMs: number
  now: number
  /** Polls: rows loaded after this (epoch ms) are held until their time (see `checkRow`) */
  heldAfter?: number
  note: (kind: string, message: string, details?: Record<string, unknown>) => void
}

/**
 * Filter → rules → once/snooze → store for one batch of rows, in ONE transaction together with
 * the cursor that points past them: after a crash either all of it happened or none of it did.
 */
export function recordBatch(rows: readonly Record<string, unknown>[], ctx: BatchContext): BatchOutcome {
  return ctx.store.transaction(() => {
    const outcome = emptyOutcome()
    outcome.rows = rows.length
    const events = acceptedEvents(rows, ctx, outcome)
    for (const event of events) handleEvent(event, ctx, outcome)

    const cursor = lastKey(rows, ctx.heldAfter)
    if (cursor && ctx.warehouseKey !== null) {
      ctx.store.cursor.save(ctx.warehouseKey, cursor, ctx.now)
      // Ids older than the lookback can't be read again by the keyset, so they needn't be kept.
      ctx.store.seen.pruneBefore(cursor.loadedAtMs - ctx.lookbackMs - 60_000)
    }
    for (const [kind, n] of Object.entries(outcome.skipped))
      ctx.store.counters.add('row', kind, n, null, ctx.now)
    for (const [kind, n] of Object.entries(outcome.adjusted))
      ctx.store.counters.add('row-adjusted', kind, n, null, ctx.now)
    if (outcome.duplicates > 0)
      ctx.store.counters.add('row', 'duplicate-event-id', outcome.duplicates, null, ctx.now)
    return outcome
  })
}

/** Contract check and de-duplication; returns the new, valid events in event-time order. */
function acceptedEvents(rows: readonly Record<string, unknown>[], ctx: BatchContext, outcome: BatchOutcome) {
  const events: WarehouseEvent[] = []
  for (const row of rows) {
    const verdict = checkRow(row, { heldAfter: ctx.heldAfter })
    if (!verdict.ok) {
      // A bad row seen again through the lookback is not counted twice. Its sighting is kept as
      // long as polls can bring it back: a row loaded in the future (or at a time that can't be
      // read, such as infinity) comes back on every poll until then.
      const keepUntil = Math.max(ctx.now, verdict.loadedAtMs ?? Number.MAX_SAFE_INTEGER)
      const sighting = ctx.store.seen.sight(`bad:${fingerprint(row)}`, keepUntil)
      if (sighting !== 'new') continue
      outcome.skipped[verdict.kind] = (outcome.skipped[verdict.kind] ?? 0) + 1
      ctx.note(`row:${verdict.kind}`, `skipped a warehouse row that breaks the contract: ${verdict.kind}`, {
        eventId: verdict.eventId,
      })
      continue
    }
    const event = verdict.event
    const sighting = ctx.store.seen.sight(event.eventId, event.loadedAt.getTime())
    if (sighting === 'reread') continue
    if (sighting === 'duplicate') {
      // The same duplicate row comes back with every poll whose lookback covers it: count it once.
      const copy = ctx.store.seen.sight(
        `dup:${fingerprint(row)}`,
        Math.max(ctx.now, event.loadedAt.getTime()),
      )
      if (copy !== 'new') continue
      outcome.duplicates++
      ctx.note('row:duplicate-event-id', 'skipped a row whose event_id was already used', {
        eventId: event.eventId,
      })
      continue
    }
    if (verdict.adjusted) {
      outcome.adjusted[verdict.adjusted] = (outcome.adjusted[verdict.adjusted] ?? 0) + 1
      ctx.note(`row-adjusted:${verdict.adjusted}`, ADJUSTED[verdict.adjusted], { eventId: event.eventId })
    }
    if (event.accountId === null) {
      outcome.skipped.unmatched = (outcome.skipped.unmatched ?? 0) + 1
      continue
    }
    if (ctx.owned && !ctx.owned.has(event.accountId)) {
      outcome.skipped['not-owned'] = (outcome.skipped['not-owned'] ?? 0) + 1
      continue
    }
    events.push(event)
  }
  // Within a poll, events are handled in occurred_at order (DESIGN.md: snooze).
  return events.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())
}

function handleEvent(event: WarehouseEvent, ctx: BatchContext, outcome: BatchOutcome): void {
  const { matches, failures } = matchRules(event, ctx.rules)
  for (const failure of failures) {
    outcome.ruleErrors++
    ctx.store.counters.add(`rule:${failure.ruleId}`, 'error', 1, failure.error, ctx.now)
    ctx.note(`rule:${failure.ruleId}`, `rule ${failure.ruleId} failed on an event; counted as no match`, {
      eventId: event.eventId,
      error: failure.error,
    })
  }
  for (const match of matches) recordMatch(event, match, ctx, outcome)
}

function recordMatch(
  event: WarehouseEvent,
  match: RuleMatch,
  ctx: BatchContext,
  outcome: BatchOutcome,
): void {
  const { store, now } = ctx
  const rule = match.rule
  const id = momentId(rule.id, event.eventId)
  if (store.moments.exists(id)) return
  const tally = ruleTally(outcome, rule.id)
  outcome.matches++
  tally.matches++
  if (match.onceKey !== null && !store.once.claim(rule.id, match.onceKey, event.eventId)) {
    outcome.suppressed++
    tally.suppressed++
    return
  }
  const accountId = event.accountId as string
  const occurredAt = event.occurredAt.getTime()
  const decision = snoozeDecision({
    snoozeMs: rule.snoozeMs,
    deliveredNearby:
      rule.snoozeMs > 0 && store.snooze.deliveredNear(match.snoozeKey, occurredAt, rule.snoozeMs),
    pendingFolded: store.snooze.pendingFolded(match.snoozeKey),
    accountMutedUntil: store.mutes.activeUntil('account', accountId, now),
    ruleMutedUntil: store.mutes.activeUntil('rule', rule.id, now),
    now,
  })
  const account = ctx.owned?.get(accountId)
  const moment = store.moments.insert({
    id,
    ruleId: rule.id,
    ruleName: match.name,
    ruleWhen: rule.when,
    accountId,
    accountName: event.accountName ?? account?.name ?? accountId,
    severity: rule.severity,
    title: match.title,
    body: match.body,
    source: event.source,
    eventIds: [event.eventId],
    event: event.fields,
    occurredAt,
    loadedAt: event.loadedAt.getTime(),
    recordedAt: now,
    status: decision.status,
    snoozeReason: decision.status === 'snoozed' ? decision.reason : null,
    snoozeKey: match.snoozeKey,
    snoozeMs: rule.snoozeMs,
    folded: decision.status === 'delivered' ? decision.folded : 0,
  })
  if (decision.status === 'delivered') {
    outcome.delivered++
    tally.delivered++
    store.snooze.clearFolded(match.snoozeKey)
    for (const channel of ctx.forwardTo) store.outbox.enqueue(id, channel, now)
  } else {
    outcome.snoozed++
    tally.snoozed++
    store.snooze.addFolded(match.snoozeKey)
  }
  outcome.moments.push(moment)
}

/** The keyset position after this batch: its last row that has a usable (loaded_at, event_id). */
function lastKey(rows: readonly Record<string, unknown>[], heldAfter: number | undefined): PollCursor | null {
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i] as Record<string, unknown>
    const verdict = checkRow(row, { heldAfter })
    if (verdict.ok) {
      return {
        loadedAt: verdict.event.loadedAtRaw,
        loadedAtMs: verdict.event.loadedAt.getTime(),
        eventId: verdict.event.eventId,
      }
    }
  }
  return null
}

const ADJUSTED: Record<RowAdjustment, string> = {
  'future-occurred-at':
    'recorded a warehouse row at its load time: its occurred_at is more than an hour after it landed',
}

function fingerprint(row: Record<string, unknown>): string {
  return createHash('sha1')
    .update(JSON.stringify(row, (_, v) => (typeof v === 'bigint' ? v.toString() : v)))
    .digest('hex')
}
