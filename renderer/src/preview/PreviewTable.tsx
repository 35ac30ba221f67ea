import type { RulePreview, RulesPreviewReport } from '../../../shared/ipc/contract.ts'
import { count } from '../ui/format.ts'

const COLUMNS = [
  ['matches', 'Matches', 'Events the rule matched'],
  ['delivered', 'Shown', 'Notifications you would have seen'],
  ['snoozed', 'Snoozed', 'Repeats inside the snooze window'],
  ['suppressed', 'Once', 'Repeats of a once-only key: no moment at all'],
] as const

/** Per rule: matches, shown, snoozed, once; with a second rules file, the difference in shown. */
export function PreviewTable({
  base,
  compare,
}: {
  base: RulesPreviewReport
  compare: RulesPreviewReport | null
}) {
  const other = new Map(compare?.rules.map((r) => [r.rule, r]))
  const ids = [...new Set([...base.rules.map((r) => r.rule), ...(compare?.rules.map((r) => r.rule) ?? [])])]
  const mine = new Map(base.rules.map((r) => [r.rule, r]))
  return (
    <table className="preview-table" data-testid="preview-table">
      <thead>
        <tr>
          <th scope="col">Rule</th>
          {COLUMNS.map(([key, label, title]) => (
            <th key={key} scope="col" className="num" title={title}>
              {label}
            </th>
          ))}
          {compare ? (
            <th scope="col" className="num" title={`Shown with ${compare.label}`}>
              Shown with the other file
            </th>
          ) : null}
          <th scope="col">Busiest accounts</th>
        </tr>
      </thead>
      <tbody>
        {ids.map((id) => {
          const row = mine.get(id)
          const alt = other.get(id)
          return (
            <tr key={id}>
              <th scope="row">
                <code>{id}</code>
                {!row ? <span className="muted"> (only in the other file)</span> : null}
              </th>
              {COLUMNS.map(([key]) => (
                <td key={key} className="num">
                  {row ? count(row[key]) : '–'}
                </td>
              ))}
              {compare ? (
                <td className="num">{alt ? withDelta(alt.delivered, row?.delivered ?? 0) : '–'}</td>
              ) : null}
              <td className="accounts">{row ? topAccounts(row) : ''}</td>
            </tr>
          )
        })}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          {COLUMNS.map(([key]) => (
            <td key={key} className="num">
              {count(base.totals[key])}
            </td>
          ))}
          {compare ? (
            <td className="num">{withDelta(compare.totals.delivered, base.totals.delivered)}</td>
          ) : null}
          <td />
        </tr>
      </tfoot>
    </table>
  )
}

function withDelta(value: number, against: number): string {
  const delta = value - against
  return delta === 0 ? count(value) : `${count(value)} (${delta > 0 ? '+' : '−'}${count(Math.abs(delta))})`
}

function topAccounts(row: RulePreview): string {
  return row.topAccounts.map((a) => `${a.accountName} (${count(a.moments)})`).join(', ')
}
