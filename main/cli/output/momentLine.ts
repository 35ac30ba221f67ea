import pc from 'picocolors'
import type { Moment } from '../../../shared/moment.ts'
import { terminalText } from './terminalText.ts'

const SEVERITY_LABEL = { high: 'HIGH', normal: 'NORM', low: 'LOW ' } as const

/** One readable line per moment; colours only when the terminal shows them. */
export function momentLine(moment: Moment, options: { color: boolean }): string {
  const c = pc.createColors(options.color)
  const when = moment.occurredAt.slice(0, 16).replace('T', ' ')
  const severity = SEVERITY_LABEL[moment.severity]
  const paint = moment.severity === 'high' ? c.red : moment.severity === 'normal' ? c.yellow : c.dim
  const folded = moment.folded > 0 ? c.dim(` (+${moment.folded} snoozed since the last one)`) : ''
  const status = moment.status === 'snoozed' ? c.dim(' [snoozed]') : ''
  return `${c.dim(when)}  ${paint(severity)}  ${c.bold(terminalText(moment.title, 160))}${status}  ${terminalText(moment.body)}${folded}`
}
