import pc from 'picocolors'
import { minutesText, type RuleUsage } from '../../../shared/actions.ts'

const n = (value: number) => value.toLocaleString('en-US')

/** `moments stats`: per rule, what became of its delivered moments. */
export function usageTable(usage: readonly RuleUsage[], color: boolean): string {
  const c = pc.createColors(color)
  const header = [
    'rule',
    'delivered',
    'acted',
    'reached out',
    'logged',
    'done',
    'not useful',
    'never',
    'median to act',
  ]
  const rows = usage.map((u) => [
    u.rule,
    n(u.delivered),
    `${n(u.acted)} ${share(u.acted, u.delivered)}`,
    n(u.reachedOut),
    n(u.logged),
    n(u.done),
    `${n(u.notUseful)} ${share(u.notUseful, u.delivered)}`,
    n(u.neverActed),
    u.medianMinutesToAct === null ? '—' : minutesText(u.medianMinutesToAct),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)))
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
      .join('  ')
  const delivered = usage.reduce((sum, u) => sum + u.delivered, 0)
  const acted = usage.reduce((sum, u) => sum + u.acted, 0)
  const noise = usage.reduce((sum, u) => sum + u.notUseful, 0)
  return [
    c.bold(format(header)),
    ...rows.map(format),
    `${n(delivered)} delivered moments: ${n(acted)} acted on ${share(acted, delivered)}, ${n(noise)} not useful ${share(noise, delivered)}`,
  ].join('\n')
}

function share(part: number, whole: number): string {
  return whole === 0 ? '' : `(${Math.round((part / whole) * 100)} %)`
}
