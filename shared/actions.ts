// What an account manager did about a moment, as every front end sees it (the history window,
// `moments act`, `history --json`, `moments stats`). Pure types: importable anywhere.

/**
 * `email`: a reach-out e-mail was drafted in the mail client; `log`: a completed Task was created
 * on the Account in Salesforce (its Id is the action's `ref`); `done`: handled; `noise`: not useful.
 */
export const ACTION_KINDS = ['email', 'log', 'done', 'noise'] as const
export type ActionKind = (typeof ACTION_KINDS)[number]

/** The kinds that count as acting on a moment in `moments stats` (reached out, logged). */
export const ACTED_KINDS: readonly ActionKind[] = ['email', 'log']

export interface MomentAction {
  kind: ActionKind
  /** ISO 8601, UTC */
  at: string
  /** The Salesforce Task Id of a `log`; null otherwise */
  ref: string | null
}

/** `history --json`'s `actions` items (docs/json-output.md). Add fields, never rename. */
export interface MomentActionJson {
  kind: ActionKind
  at: string
  ref: string | null
}

/** One rule's moments over a period and what was done about them (`moments stats`, Preview rules). */
export interface RuleUsage {
  rule: string
  /** The rule's newest name on a moment */
  ruleName: string
  /** Delivered (shown) moments in the period */
  delivered: number
  /** Of those, reached out about or logged to Salesforce */
  acted: number
  reachedOut: number
  logged: number
  done: number
  /** Marked not useful */
  notUseful: number
  /** With no action at all */
  neverActed: number
  /** From when Moments recorded a moment to its first reach-out or log; null when none was */
  medianMinutesToAct: number | null
}

/** `moments stats --json`: one object per rule (docs/json-output.md). Add fields, never rename. */
export interface RuleUsageJson {
  rule: string
  delivered: number
  acted: number
  not_useful: number
  median_minutes_to_act: number | null
  reached_out: number
  logged: number
  done: number
  never_acted: number
}

export function toRuleUsageJson(u: RuleUsage): RuleUsageJson {
  return {
    rule: u.rule,
    delivered: u.delivered,
    acted: u.acted,
    not_useful: u.notUseful,
    median_minutes_to_act: u.medianMinutesToAct,
    reached_out: u.reachedOut,
    logged: u.logged,
    done: u.done,
    never_acted: u.neverActed,
  }
}

/** A median time to act as people read it: 12 min, 3.5 h, 2.0 d. */
export function minutesText(value: number): string {
  if (value < 60) return `${value} min`
  if (value < 24 * 60) return `${(value / 60).toFixed(1)} h`
  return `${(value / 1440).toFixed(1)} d`
}
