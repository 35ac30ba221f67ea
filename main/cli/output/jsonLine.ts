import type { MomentAction } from '../../../shared/actions.ts'
import { type Moment, toMomentJson } from '../../../shared/moment.ts'

/**
 * One JSON object per moment per line on stdout, nothing else (docs/json-output.md). `threadOf`:
 * a snoozed repeat's delivered moment.
 */
export function jsonLine(
  moment: Moment,
  actions: readonly MomentAction[] = [],
  threadOf: string | null = null,
): string {
  return JSON.stringify(toMomentJson(moment, actions, threadOf))
}
