import type { RuleUsage } from '../../../shared/actions.ts'
import type { Store } from '../store/store.ts'

/** A rule's usage while its moments are counted: every minute to act, the median taken at the end. */
type Tally = Omit<RuleUsage, 'rule' | 'medianMinutesToAct'> & { minutesToAct: number[] }

/**
 * Per rule, the delivered moments of a period (by event time, as the history filters) and what the
 * user did about them: how many led to a reach-out or a Salesforce log, how many were called noise,
 * how many were never touched, and the median time from the moment being recorded (when Moments
 * told you) to its first reach-out or log. Rules in order of their names; a rule with no
 * delivered moment in the period is not listed.
 */
export function ruleUsage(store: Store, period: { sinceMs: number; untilMs: number }): RuleUsage[] {
  const tallies = new Map<string, Tally>()
  for (const moment of store.actions.outcomes(period.sinceMs, period.untilMs)) {
    let tally = tallies.get(moment.ruleId)
    if (!tally) {
      tally = {
        ruleName: moment.ruleName,
        delivered: 0,
        acted: 0,
        reachedOut: 0,
        logged: 0,
        done: 0,
        notUseful: 0,
        neverActed: 0,
        minutesToAct: [],
      }
      tallies.set(moment.ruleId, tally)
    }
    tally.delivered++
    if (moment.emailed) tally.reachedOut++
    if (moment.logged) tally.logged++
    if (moment.done) tally.done++
    if (moment.noise) tally.notUseful++
    if (!moment.emailed && !moment.logged && !moment.done && !moment.noise) tally.neverActed++
    if (moment.firstActedAt !== null) {
      tally.acted++
      // An action can't come before its moment; a clock set back is counted as at once.
      tally.minutesToAct.push(Math.max(0, moment.firstActedAt - moment.recordedAt) / 60_000)
    }
  }
  return [...tallies.entries()]
    .map(([rule, { minutesToAct, ...tally }]) => ({
      rule,
      ...tally,
      // A renamed rule shows its current name, as the history's filter does.
      ruleName: store.moments.latestName('rule', rule) ?? tally.ruleName,
      medianMinutesToAct: median(minutesToAct),
    }))
    .sort((a, b) => a.ruleName.localeCompare(b.ruleName) || a.rule.localeCompare(b.rule))
}

/** The middle value (the mean of the two middle ones for an even count), to a tenth of a minute. */
function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const value =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
  return Math.round(value * 10) / 10
}
