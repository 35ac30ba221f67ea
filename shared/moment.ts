// The moment as every front end sees it (CLI JSON lines, history window, Slack).
// Pure types: importable from Node, the preload and the renderer alike.
import type { MomentAction, MomentActionJson } from './actions.ts'

export const SEVERITIES = ['low', 'normal', 'high'] as const
export type Severity = (typeof SEVERITIES)[number]

export const MOMENT_STATUSES = ['delivered', 'snoozed'] as const
export type MomentStatus = (typeof MOMENT_STATUSES)[number]

/** Why a moment was not shown: the rule's snooze window, or a mute the user set. */
export type SnoozeReason = 'window' | 'account-muted' | 'rule-muted'

/** Event fields as passed through from the warehouse row (JSON-safe). */
export type EventFields = Record<string, string | number | boolean | null>

/**
 * An account's fields from Salesforce as its REST API gives them: dates as text (`2026-11-30`),
 * numbers as numbers, a lookup's fields nested (`{ Owner: { Name: 'Ada' } }`), an empty lookup null.
 */
export type AccountValue = string | number | boolean | null | AccountValues
export interface AccountValues {
  [field: string]: AccountValue
}

export interface Moment {
  id: string
  rule: string
  ruleName: string
  accountId: string
  accountName: string
  severity: Severity
  title: string
  body: string
  eventIds: string[]
  /** ISO 8601, UTC */
  occurredAt: string
  /** ISO 8601, UTC: when the triggering row landed in the warehouse */
  loadedAt: string
  /** ISO 8601, UTC: when Moments recorded it */
  recordedAt: string
  status: MomentStatus
  snoozeReason: SnoozeReason | null
  folded: number
  source: string
  event: EventFields
  /** The account's fields when the moment was recorded; null when none were read */
  account: AccountValues | null
  readAt: string | null
}

/** The public JSON-lines shape (`--json`, docs/json-output.md). Add fields, never rename. */
export interface MomentJson {
  id: string
  rule: string
  account_id: string
  account_name: string
  severity: Severity
  title: string
  body: string
  event_ids: string[]
  occurred_at: string
  status: MomentStatus
  folded: number
  /** Addition: what the user did about it, oldest first (`moments act`, the history window) */
  actions: MomentActionJson[]
  /** Addition: the account's fields from Salesforce when it was recorded (null: none read) */
  account: AccountValues | null
  /** Addition: a snoozed repeat's delivered moment (its thread in the history); null otherwise */
  thread_of: string | null
}

export function toMomentJson(
  m: Moment,
  actions: readonly MomentAction[] = [],
  threadOf: string | null = null,
): MomentJson {
  return {
    id: m.id,
    rule: m.rule,
    account_id: m.accountId,
    account_name: m.accountName,
    severity: m.severity,
    title: m.title,
    body: m.body,
    event_ids: m.eventIds,
    occurred_at: m.occurredAt,
    status: m.status,
    folded: m.folded,
    actions: actions.map(({ kind, at, ref }) => ({ kind, at, ref })),
    account: m.account,
    thread_of: threadOf,
  }
}
