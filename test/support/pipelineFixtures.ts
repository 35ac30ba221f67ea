import pino from 'pino'
import type { OwnedAccount } from '../../main/core/ownership/ownedAccount.ts'
import type { BatchContext } from '../../main/core/pipeline/batchContext.ts'
import { parseRulesFile } from '../../main/core/rules/loadRules.ts'
import type { NewMoment } from '../../main/core/store/moments.ts'
import type { Store } from '../../main/core/store/store.ts'
import { inspectableStore } from './stateDb.ts'

export const OWNED_ID = '001000000000001AAA'
export const OTHER_ID = '001000000000002AAA'

export const silentLog = pino({ level: 'silent' })

export function memoryStore(): Store {
  return inspectableStore()
}

/** A row as the `pg` client returns it from the warehouse (timestamps as PostgreSQL's text). */
export function warehouseRow(
  id: string,
  minute: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const at = new Date(Date.UTC(2026, 10, 26, 9, 0) + minute * 60_000)
  const text = at.toISOString().replace('T', ' ').replace('Z', '+00')
  return {
    event_id: id,
    loaded_at: text,
    occurred_at: text,
    source: 'webserver',
    event_type: 'code_engine_run',
    account_id: OWNED_ID,
    account_name: 'Acme Corp',
    user_name: 'Jo',
    method: 'POST',
    url: '/transform/functions/run',
    feature: null,
    ...extra,
  }
}

export const TEST_RULES = parseRulesFile(
  'test-rules.yaml',
  `
rules:
  - id: code-engine-test
    name: Tested code in the Code Engine
    when: event.method == "POST" && event.url == "/transform/functions/run"
    message: "{{user_name}} tested code in the Code Engine in account {{account_name}}"
    snooze: 4h
  - id: first-feature-use
    name: First use of a feature
    when: event.event_type == "feature_used"
    once: [account_id, feature]
    message: "{{account_name}} used {{feature}} for the first time"
  - id: never-snoozed
    name: Failed
    when: event.event_type == "failed"
    message: failed
    severity: high
`,
)

export const ownedAccounts: OwnedAccount[] = [{ id: OWNED_ID, name: 'Acme Corp', people: [] }]

export function batchContext(store: Store, overrides: Partial<BatchContext> = {}): BatchContext {
  return {
    store,
    rules: TEST_RULES,
    owned: new Map(ownedAccounts.map((a) => [a.id, a])),
    forwardTo: [],
    warehouseKey: 'test-warehouse',
    lookbackMs: 120_000,
    now: Date.UTC(2026, 10, 26, 12, 0),
    note: () => {},
    ...overrides,
  }
}

/**
 * A moment as the store keeps it: delivered, or a snoozed repeat of the thread `threadSeq` names.
 * `fields` sets what a test reads back (title, account name, snooze length).
 */
export function threadMoment(
  id: string,
  at: number,
  body: string,
  threadSeq: number | null,
  fields: Partial<NewMoment> = {},
): NewMoment {
  return {
    id,
    ruleId: 'r',
    ruleName: 'R',
    ruleWhen: 'true',
    accountId: 'a',
    accountName: 'A',
    severity: 'normal',
    title: 'T',
    body,
    source: 's',
    eventIds: [id],
    event: {},
    account: null,
    occurredAt: at,
    loadedAt: at,
    recordedAt: at,
    status: threadSeq === null ? 'delivered' : 'snoozed',
    snoozeReason: threadSeq === null ? null : 'window',
    snoozeKey: 'k',
    snoozeMs: 3_600_000,
    folded: 0,
    threadSeq,
    ...fields,
  }
}
