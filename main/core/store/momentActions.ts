import type { ActionKind, MomentAction } from '../../../shared/actions.ts'
import type { Db } from './openStore.ts'

interface ActionRow {
  moment_id: string
  kind: ActionKind
  at: number
  ref: string | null
}

/** A delivered moment of a period with what was done about it: what `moments stats` counts. */
export interface MomentOutcome {
  ruleId: string
  ruleName: string
  recordedAt: number
  emailed: boolean
  logged: boolean
  done: boolean
  noise: boolean
  /** The first reach-out or log; null when there was none */
  firstActedAt: number | null
}

interface OutcomeRow {
  rule_id: string
  rule_name: string
  recorded_at: number
  emailed: number
  logged: number
  done: number
  noise: number
  first_acted_at: number | null
}

/** What the user did about moments: one row per action, in the order taken (migration 5). */
export function momentActionsRepo(db: Db) {
  const insert = db.prepare('INSERT INTO moment_actions (moment_id, kind, at, ref) VALUES (?, ?, ?, ?)')
  const ofMoment = db.prepare<[string], ActionRow>(
    'SELECT moment_id, kind, at, ref FROM moment_actions WHERE moment_id = ? ORDER BY at, id',
  )
  const latestOfKind = db.prepare<[string, string], ActionRow>(
    'SELECT moment_id, kind, at, ref FROM moment_actions WHERE moment_id = ? AND kind = ? ORDER BY at DESC, id DESC LIMIT 1',
  )
  // One row per delivered moment of the period however many actions it has; each subquery is a
  // lookup in moment_actions_by_moment.
  const outcomes = db.prepare<[number, number], OutcomeRow>(
    `SELECT m.rule_id, m.rule_name, m.recorded_at,
       EXISTS (SELECT 1 FROM moment_actions a WHERE a.moment_id = m.id AND a.kind = 'email') AS emailed,
       EXISTS (SELECT 1 FROM moment_actions a WHERE a.moment_id = m.id AND a.kind = 'log') AS logged,
       EXISTS (SELECT 1 FROM moment_actions a WHERE a.moment_id = m.id AND a.kind = 'done') AS done,
       EXISTS (SELECT 1 FROM moment_actions a WHERE a.moment_id = m.id AND a.kind = 'noise') AS noise,
       (SELECT min(a.at) FROM moment_actions a WHERE a.moment_id = m.id AND a.kind IN ('email', 'log')) AS first_acted_at
     FROM moments m
     WHERE m.status = 'delivered' AND m.occurred_at >= ? AND m.occurred_at < ?`,
  )

  return {
    add(momentId: string, kind: ActionKind, at: number, ref: string | null = null): MomentAction {
      insert.run(momentId, kind, at, ref)
      return { kind, at: new Date(at).toISOString(), ref }
    },
    /** A moment's actions, oldest first. */
    of: (momentId: string): MomentAction[] => ofMoment.all(momentId).map(toAction),
    /** The actions of several moments (a page of the history), oldest first each. */
    ofMany(momentIds: readonly string[]): Map<string, MomentAction[]> {
      const found = new Map<string, MomentAction[]>()
      for (const id of new Set(momentIds)) {
        const actions = ofMoment.all(id)
        if (actions.length > 0) found.set(id, actions.map(toAction))
      }
      return found
    },
    /** The newest action of this kind on a moment; null when it has none. */
    latest(momentId: string, kind: ActionKind): MomentAction | null {
      const row = latestOfKind.get(momentId, kind)
      return row ? toAction(row) : null
    },
    /** Every delivered moment whose event time is in [sinceMs, untilMs), with what was done about it. */
    *outcomes(sinceMs: number, untilMs: number): Generator<MomentOutcome> {
      for (const row of outcomes.iterate(sinceMs, untilMs)) {
        yield {
          ruleId: row.rule_id,
          ruleName: row.rule_name,
          recordedAt: row.recorded_at,
          emailed: row.emailed === 1,
          logged: row.logged === 1,
          done: row.done === 1,
          noise: row.noise === 1,
          firstActedAt: row.first_acted_at,
        }
      }
    },
  }
}

function toAction(row: ActionRow): MomentAction {
  return { kind: row.kind, at: new Date(row.at).toISOString(), ref: row.ref }
}
