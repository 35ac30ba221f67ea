import pc from 'picocolors'
import type { ActionKind, MomentAction } from '../../../shared/actions.ts'
import type { Moment } from '../../../shared/moment.ts'
import { terminalText } from './terminalText.ts'

const SEVERITY_LABEL = { high: 'HIGH', normal: 'NORM', low: 'LOW ' } as const

const ACTION_LABEL: Record<ActionKind, string> = {
  email: 'reached out',
  log: 'logged',
  done: 'done',
  noise: 'not useful',
}

/** The start of a moment's id that `moments act` takes: unique in any history a person keeps. */
export const SHORT_ID_CHARS = 10

/**
 * One readable line per moment, its short id first (for `moments act`); colours only when the
 * terminal shows them.
 */
export function momentLine(
  moment: Moment,
  options: { color: boolean; actions?: readonly MomentAction[] },
): string {
  const c = pc.createColors(options.color)
  const when = moment.occurredAt.slice(0, 16).replace('T', ' ')
  const severity = SEVERITY_LABEL[moment.severity]
  const paint = moment.severity === 'high' ? c.red : moment.severity === 'normal' ? c.yellow : c.dim
  const folded = moment.folded > 0 ? c.dim(` (+${moment.folded} snoozed since the last one)`) : ''
  const status = moment.status === 'snoozed' ? c.dim(' [snoozed]') : ''
  const kinds = [...new Set((options.actions ?? []).map((a) => ACTION_LABEL[a.kind]))]
  const acted = kinds.length > 0 ? c.green(` [${kinds.join(', ')}]`) : ''
  const id = c.dim(moment.id.slice(0, SHORT_ID_CHARS))
  return `${id}  ${c.dim(when)}  ${paint(severity)}  ${c.bold(terminalText(moment.title, 160))}${status}${acted}  ${terminalText(moment.body)}${folded}`
}
