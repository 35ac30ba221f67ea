import type { TimelineSeries } from '../../../shared/ipc/contract.ts'

/** `YYYY-MM-DD` of the local calendar day (the desktop's time zone) a time falls on. */
export function localDayKey(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** The last `count` local days up to and including today's, and the first one's midnight. */
export function lastLocalDays(now: number, count: number): { days: string[]; startMs: number } {
  const today = new Date(now)
  const days: string[] = []
  let startMs = now
  for (let back = count - 1; back >= 0; back--) {
    // Constructed from parts so a DST change never yields a 23- or 25-hour "day" twice.
    const midnight = new Date(today.getFullYear(), today.getMonth(), today.getDate() - back).getTime()
    if (back === count - 1) startMs = midnight
    days.push(localDayKey(midnight))
  }
  return { days, startMs }
}

/** Counts per rule per day, the busiest rule first. */
export function timelineSeries(
  days: readonly string[],
  moments: Iterable<{ ruleId: string; ruleName: string; occurredAt: number }>,
): TimelineSeries[] {
  const index = new Map(days.map((day, i) => [day, i]))
  const byRule = new Map<string, TimelineSeries>()
  for (const m of moments) {
    const i = index.get(localDayKey(m.occurredAt))
    if (i === undefined) continue
    let series = byRule.get(m.ruleId)
    if (!series) {
      series = { ruleId: m.ruleId, ruleName: m.ruleName, counts: days.map(() => 0) }
      byRule.set(m.ruleId, series)
    }
    series.ruleName = m.ruleName
    series.counts[i] = (series.counts[i] ?? 0) + 1
  }
  const total = (s: TimelineSeries) => s.counts.reduce((a, b) => a + b, 0)
  return [...byRule.values()].sort((a, b) => total(b) - total(a) || a.ruleId.localeCompare(b.ruleId))
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}
