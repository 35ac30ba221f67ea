import { useEffect, useState } from 'react'
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { Response } from '../../../shared/ipc/contract.ts'
import { call, errorText } from '../bridge.ts'
import { dayLabel, plural } from '../ui/format.ts'

// Distinct in light and dark alike (mid lightness, no near-white or near-black).
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#ff9da7',
  '#9c755f',
  '#8c8cff',
]
const RANGES = [14, 30, 90] as const

/** Moments per day for one account, stacked by rule. */
export function AccountTimeline({ accountId, accountName }: { accountId: string; accountName: string }) {
  const [days, setDays] = useState<(typeof RANGES)[number]>(14)
  const [data, setData] = useState<Response<'moments.timeline'> | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    setError(null)
    call('moments.timeline', { accountId, days }).then(
      (answer) => live && setData(answer),
      (failure) => live && setError(errorText(failure)),
    )
    return () => {
      live = false
    }
  }, [accountId, days])

  const rows = data?.days.map((day, i) => {
    const row: Record<string, string | number> = { day: dayLabel(day) }
    for (const s of data.series) row[s.ruleId] = s.counts[i] ?? 0
    return row
  })
  const total = data?.series.reduce((sum, s) => sum + s.counts.reduce((a, b) => a + b, 0), 0) ?? 0

  return (
    <section className="timeline" aria-labelledby="timeline-title" data-testid="timeline">
      <div className="section-head">
        <h3 id="timeline-title">Moments per day at {accountName}</h3>
        {/* biome-ignore lint/a11y/useSemanticElements: a segmented toggle of aria-pressed buttons, not a form's fieldset (whose default border, padding and min-width would change the layout) */}
        <div className="segmented" role="group" aria-label="Period">
          {RANGES.map((r) => (
            <button key={r} type="button" aria-pressed={days === r} onClick={() => setDays(r)}>
              {r} days
            </button>
          ))}
        </div>
      </div>
      {error ? <p className="error-text">Could not draw the timeline: {error}</p> : null}
      {data && total === 0 ? (
        <p className="muted">No moments at this account in the last {days} days.</p>
      ) : null}
      {data && rows && total > 0 ? (
        <div className="chart" role="img" aria-label={`${plural(total, 'moment')} in the last ${days} days`}>
          <ResponsiveContainer width="100%" height={200}>
            <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -20 }}>
              <CartesianGrid vertical={false} stroke="var(--border)" />
              <XAxis
                dataKey="day"
                tick={{ fontSize: 11, fill: 'var(--muted)' }}
                tickLine={false}
                axisLine={false}
                minTickGap={12}
              />
              <YAxis
                allowDecimals={false}
                tick={{ fontSize: 11, fill: 'var(--muted)' }}
                tickLine={false}
                axisLine={false}
              />
              <Tooltip
                cursor={{ fill: 'var(--hover)' }}
                contentStyle={{
                  background: 'var(--panel)',
                  border: '1px solid var(--border)',
                  borderRadius: 6,
                  fontSize: 12,
                }}
                labelStyle={{ color: 'var(--text)' }}
              />
              <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 11 }} />
              {data.series.map((s, i) => (
                <Bar
                  key={s.ruleId}
                  dataKey={s.ruleId}
                  name={s.ruleName}
                  stackId="rules"
                  fill={PALETTE[i % PALETTE.length]}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      ) : null}
    </section>
  )
}
