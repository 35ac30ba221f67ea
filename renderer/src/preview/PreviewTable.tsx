import { minutesText } from '../../../shared/actions.ts'
import type { RulePreview, RulesPreviewReport, RuleUsage } from '../../../shared/ipc/contract.ts'
import { count } from '../ui/format.ts'

const COLUMNS = [
  ['matches', 'Matches', 'Events the rule matched'],
  ['delivered', 'Shown', 'Notifications you would have seen'],
  ['snoozed', 'Snoozed', 'Repeats inside the snooze window'],
  ['suppressed', 'Once', 'Repeats of a once-only key: no moment at all'],
] as const

const USAGE_COLUMNS = [
  ['delivered', 'Delivered', 'Moments of this rule you were shown in the period'],
  ['acted', 'Acted on', 'Of those, reached out about or logged to Salesforce'],
  ['notUseful', 'Not useful', 'Of those, marked not useful'],
  ['neverActed', 'Never acted on', 'Of those, nothing done at all'],
] as const

/**
 * Per rule: matches, shown, snoozed, once; with a second rules file, the difference in shown; and
 * beside them, from the user's own history of the same period, what became of the rule's moments,
 * so a rule's noise and its usefulness are read together.
 */
export function PreviewTable({
  base,
  compare,
  usage,
}: {
  base: RulesPreviewReport
  compare: RulesPreviewReport | null
  /** The user's history of the period per rule; null: it could not be read */
  usage: readonly RuleUsage[] | null
}) {
  const other = new Map(compare?.rules.map((r) => [r.rule, r]))
  const ids = [...new Set([...base.rules.map((r) => r.rule), ...(compare?.rules.map((r) => r.rule) ?? [])])]
  const mine = new Map(base.rules.map((r) => [r.rule, r]))
  const used = new Map(usage?.map((u) => [u.rule, u]))
  const backtestSpan = COLUMNS.length + (compare ? 1 : 0)
  return (
    <table className="preview-table" data-testid="preview-table">
      <thead>
        <tr className="groups">
          <th scope="col" rowSpan={2}>
            Rule
          </th>
          <th scope="colgroup" colSpan={backtestSpan}>
            Replayed from the warehouse
          </th>
          {usage ? (
            <th scope="colgroup" colSpan={USAGE_COLUMNS.length + 1} className="usage-start">
              What you did about them
            </th>
          ) : null}
          <th scope="col" rowSpan={2}>
            Busiest accounts
          </th>
        </tr>
        <tr>
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
          {usage
            ? USAGE_COLUMNS.map(([key, label, title], i) => (
                <th key={key} scope="col" className={i === 0 ? 'num usage-start' : 'num'} title={title}>
                  {label}
                </th>
              ))
            : null}
          {usage ? (
            <th scope="col" className="num" title="From a moment to its first reach-out or log">
              Median to act
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {ids.map((id) => {
          const row = mine.get(id)
          const alt = other.get(id)
          const u = used.get(id)
          return (
            <tr key={id} data-rule={id}>
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
              {usage
                ? USAGE_COLUMNS.map(([key], i) => (
                    <td key={key} className={i === 0 ? 'num usage-start' : 'num'}>
                      {u ? withShare(u[key], key === 'delivered' ? null : u.delivered) : '0'}
                    </td>
                  ))
                : null}
              {usage ? (
                <td className="num">
                  {u?.medianMinutesToAct != null ? minutesText(u.medianMinutesToAct) : '–'}
                </td>
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
          {usage
            ? USAGE_COLUMNS.map(([key], i) => {
                const total = (k: (typeof USAGE_COLUMNS)[number][0]) =>
                  usage.filter((u) => ids.includes(u.rule)).reduce((sum, u) => sum + u[k], 0)
                return (
                  <td key={key} className={i === 0 ? 'num usage-start' : 'num'}>
                    {withShare(total(key), key === 'delivered' ? null : total('delivered'))}
                  </td>
                )
              })
            : null}
          {usage ? <td /> : null}
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

/** 12 (40 %) of the delivered; the count alone when there is no whole to share. */
function withShare(value: number, of: number | null): string {
  return of === null || of === 0 ? count(value) : `${count(value)} (${Math.round((value / of) * 100)} %)`
}

function topAccounts(row: RulePreview): string {
  return row.topAccounts.map((a) => `${a.accountName} (${count(a.moments)})`).join(', ')
}
