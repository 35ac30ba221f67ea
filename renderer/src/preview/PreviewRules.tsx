import { type FormEvent, useState } from 'react'
import type { Response } from '../../../shared/ipc/contract.ts'
import { call, errorText } from '../bridge.ts'
import { dateInputToMs, fullTime, plural } from '../ui/format.ts'
import { PreviewTable } from './PreviewTable.tsx'

const DAY = 86_400_000
const PERIODS = [
  { value: '1', label: 'Last 24 hours' },
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: 'custom', label: 'Chosen dates' },
] as const

type Result =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'error'; message: string }
  | { state: 'done'; report: Response<'rules.preview'>; usage: Response<'rules.usage'> | null }

/** "What would these rules have told me?": the backtest over a past period, nothing of yours touched. */
export function PreviewRules() {
  const [period, setPeriod] = useState<(typeof PERIODS)[number]['value']>('7')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [rulesPath, setRulesPath] = useState('')
  const [comparePath, setComparePath] = useState('')
  const [result, setResult] = useState<Result>({ state: 'idle' })

  const run = async (event: FormEvent) => {
    event.preventDefault()
    const now = Date.now()
    const sinceMs = period === 'custom' ? dateInputToMs(from) : now - Number(period) * DAY
    const untilMs = period === 'custom' ? dateInputToMs(to, true) : now
    if (sinceMs === undefined) {
      setResult({ state: 'error', message: 'Choose the first day of the period.' })
      return
    }
    setResult({ state: 'running' })
    try {
      const period = { sinceMs, ...(untilMs !== undefined ? { untilMs } : {}) }
      // The history's side is read from the store: a failure there still shows the replay.
      const [report, usage] = await Promise.all([
        call('rules.preview', {
          ...period,
          ...(rulesPath.trim() ? { rulesPath: rulesPath.trim() } : {}),
          ...(comparePath.trim() ? { comparePath: comparePath.trim() } : {}),
        }),
        call('rules.usage', period).catch(() => null),
      ])
      setResult({ state: 'done', report, usage })
    } catch (error) {
      setResult({ state: 'error', message: errorText(error) })
    }
  }

  return (
    <main className="preview" data-testid="preview">
      <form className="preview-form" onSubmit={run}>
        <div className="preview-intro">
          <h2>Preview rules</h2>
          <p className="muted">
            Replays the warehouse’s events of a past period through the rules, snoozing included, and shows
            the noise they would have made, beside what you did about the moments they showed you. Your
            history and snoozes are not touched.
          </p>
        </div>
        <div className="form-grid">
          <label>
            Period
            <select value={period} onChange={(e) => setPeriod(e.target.value as typeof period)}>
              {PERIODS.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          {period === 'custom' ? (
            <>
              <label>
                From
                <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
              </label>
              <label>
                To
                <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
              </label>
            </>
          ) : null}
          <label className="wide">
            Rules file
            <input
              value={rulesPath}
              onChange={(e) => setRulesPath(e.target.value)}
              placeholder="The rules in use now"
              spellCheck={false}
            />
          </label>
          <label className="wide">
            Compare with
            <input
              value={comparePath}
              onChange={(e) => setComparePath(e.target.value)}
              placeholder="Optional: another rules file, side by side"
              spellCheck={false}
            />
          </label>
        </div>
        <button type="submit" className="primary" disabled={result.state === 'running'}>
          {result.state === 'running' ? 'Replaying…' : 'Run preview'}
        </button>
      </form>

      {result.state === 'running' ? (
        <p className="muted" aria-busy="true">
          Replaying the period’s events through the rules…
        </p>
      ) : null}
      {result.state === 'error' ? (
        <div className="error-box" role="alert">
          {result.message.split('\n').map((line) => (
            <div key={line}>{line}</div>
          ))}
        </div>
      ) : null}
      {result.state === 'done' ? <PreviewResult report={result.report} usage={result.usage} /> : null}
    </main>
  )
}

function PreviewResult({
  report,
  usage,
}: {
  report: Response<'rules.preview'>
  usage: Response<'rules.usage'> | null
}) {
  const { totals } = report
  const cut = totals.matches > 0 ? Math.round((1 - totals.delivered / totals.matches) * 100) : 0
  return (
    <section className="preview-result" aria-label="Preview result">
      <p className="summary" data-testid="preview-summary">
        {plural(totals.rows, 'event')}
        {report.accounts !== null ? ` of your ${plural(report.accounts, 'account')}` : ''} from{' '}
        {fullTime(new Date(report.sinceMs).toISOString())} to{' '}
        {fullTime(new Date(report.untilMs).toISOString())}:{' '}
        <strong>{plural(totals.matches, 'match', 'matches')}</strong> would have become{' '}
        <strong>{plural(totals.delivered, 'notification')}</strong>
        {totals.matches > 0 ? ` (snoozing and once-only cut ${cut}%)` : ''}.
      </p>
      {report.accountFields ? (
        <p className="muted" data-testid="preview-account-note">
          Account fields ({report.accountFields.labels.join(', ')}) are as Salesforce had them at{' '}
          {fullTime(report.accountFields.asOf)}, not as they were when each event happened.
        </p>
      ) : null}
      <p className="muted" data-testid="usage-summary">
        {usage
          ? 'Beside the replay, what you did about the moments these rules showed you in the same period: a rule whose moments are mostly not useful or never acted on is one to tighten or retire.'
          : 'What you did about these rules’ moments could not be read from your history.'}
      </p>
      <PreviewTable base={report} compare={report.compare} usage={usage?.usage ?? null} />
    </section>
  )
}
