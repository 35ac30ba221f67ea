import pc from 'picocolors'
import type { BacktestReport, RuleReport } from '../../core/backtest/backtest.ts'
import { terminalText } from './terminalText.ts'

const n = (value: number) => value.toLocaleString('en-US')

/** Matches that never became a notification (snoozed or suppressed by `once`), as a share. */
function reduction(report: BacktestReport): number {
  const { matches, delivered } = report.totals
  return matches === 0 ? 0 : 1 - delivered / matches
}

export function backtestTable(report: BacktestReport, color: boolean): string {
  const c = pc.createColors(color)
  const header = ['rule', 'matches', 'delivered', 'snoozed', 'suppressed', 'top accounts']
  const rows = report.rules.map((r) => [
    r.rule,
    n(r.matches),
    n(r.delivered),
    n(r.snoozed),
    n(r.suppressed),
    top(r),
  ])
  const t = report.totals
  rows.push(['total', n(t.matches), n(t.delivered), n(t.snoozed), n(t.suppressed), ''])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)))
  const format = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i === 0 || i === cells.length - 1
          ? cell.padEnd(widths[i] as number)
          : cell.padStart(widths[i] as number),
      )
      .join('  ')
      .trimEnd()
  const lines = [
    c.bold(format(header)),
    ...rows.slice(0, -1).map(format),
    c.bold(format(rows[rows.length - 1] as string[])),
  ]
  lines.push(
    `snoozing and once cut raw matches by ${(reduction(report) * 100).toFixed(1)} % (${n(t.matches)} → ${n(t.delivered)} notifications)`,
  )
  return lines.join('\n')
}

export function compareTable(base: BacktestReport, other: BacktestReport, color: boolean): string {
  const c = pc.createColors(color)
  const ids = [...new Set([...base.rules.map((r) => r.rule), ...other.rules.map((r) => r.rule)])]
  const find = (report: BacktestReport, id: string) => report.rules.find((r) => r.rule === id)
  const header = [
    'rule',
    `delivered (${base.label})`,
    `delivered (${other.label})`,
    'change',
    'snoozed',
    'snoozed',
  ]
  const rows = ids.map((id) => {
    const a = find(base, id)
    const b = find(other, id)
    const change = (b?.delivered ?? 0) - (a?.delivered ?? 0)
    return [
      id,
      a ? n(a.delivered) : '—',
      b ? n(b.delivered) : '—',
      change === 0 ? '0' : `${change > 0 ? '+' : ''}${n(change)}`,
      a ? n(a.snoozed) : '—',
      b ? n(b.snoozed) : '—',
    ]
  })
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)))
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
      .join('  ')
  return [c.bold(format(header)), ...rows.map(format)].join('\n')
}

function top(rule: RuleReport): string {
  return rule.topAccounts.map((a) => `${terminalText(a.accountName, 40)} (${a.moments})`).join(', ')
}
