import { formatDuration } from '../../../shared/duration.ts'

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const dayMonth = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' })
const numbers = new Intl.NumberFormat()

export const count = (n: number): string => numbers.format(n)

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`
}

export function fullTime(iso: string): string {
  return dateTime.format(new Date(iso))
}

/** A list row's time: 14:05 today, "Tue 14:05" this week, "Nov 3" before. */
export function listTime(iso: string, now = Date.now()): string {
  const at = new Date(iso)
  const today = new Date(now)
  if (at.toDateString() === today.toDateString()) return time.format(at)
  if (now - at.getTime() < 6 * 86_400_000) return weekday.format(at)
  return dayMonth.format(at)
}

export function ago(iso: string, now = Date.now()): string {
  const seconds = Math.round((now - Date.parse(iso)) / 1000)
  if (seconds < 45) return 'just now'
  if (seconds < 90 * 60) return `${Math.max(1, Math.round(seconds / 60))} min ago`
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h ago`
  return fullTime(iso)
}

/** "until 14:05" today, "until Tue 14:05" this week, "until 3 Dec, 14:05" later (never a weekday a week off). */
export function untilText(iso: string, now = Date.now()): string {
  const at = new Date(iso)
  if (at.toDateString() === new Date(now).toDateString()) return `until ${time.format(at)}`
  if (at.getTime() - now < 6 * 86_400_000) return `until ${weekday.format(at)}`
  return `until ${dayMonth.format(at)}, ${time.format(at)}`
}

export function durationText(ms: number): string {
  return ms === 0 ? 'never' : formatDuration(ms)
}

export function dayLabel(day: string): string {
  const [y, m, d] = day.split('-').map(Number)
  return dayMonth.format(new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1))
}

/** `<input type="date">` value ↔ local midnight in ms. */
export function dateInputToMs(value: string, endOfDay = false): number | undefined {
  if (!value) return undefined
  const [y, m, d] = value.split('-').map(Number)
  if (!y || !m || !d) return undefined
  return new Date(y, m - 1, d + (endOfDay ? 1 : 0)).getTime()
}
