import { type Moment, toMomentJson } from '../../../shared/moment.ts'

/** DESIGN.md: one JSON object per moment per line on stdout, nothing else. */
export function jsonLine(moment: Moment): string {
  return JSON.stringify(toMomentJson(moment))
}
