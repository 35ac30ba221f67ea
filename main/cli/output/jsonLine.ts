import { type Moment, toMomentJson } from '../../../shared/moment.ts'

/** One JSON object per moment per line on stdout, nothing else (docs/json-output.md). */
export function jsonLine(moment: Moment): string {
  return JSON.stringify(toMomentJson(moment))
}
