// Quiet hours in the user's local time, e.g. 22:00–07:00. `from === to` means no quiet hours:
// a whole day of silence is what Pause is for.

import { CLOCK_TIME, type QuietHours } from '../../../shared/quietHours.ts'

/** Minutes since local midnight of an instant, in `timeZone` when given (tests), else the system's. */
export function localMinutes(now: number, timeZone?: string): number {
  if (!timeZone) {
    const d = new Date(now)
    return d.getHours() * 60 + d.getMinutes()
  }
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(now))
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return part('hour') * 60 + part('minute')
}

export function inQuietHours(quiet: QuietHours, now: number, timeZone?: string): boolean {
  if (!quiet.enabled) return false
  const from = clockMinutes(quiet.from)
  const to = clockMinutes(quiet.to)
  if (from === null || to === null || from === to) return false
  const at = localMinutes(now, timeZone)
  // Across midnight (22:00–07:00): quiet after `from` OR before `to`.
  return from < to ? at >= from && at < to : at >= from || at < to
}

function clockMinutes(text: string): number | null {
  const match = CLOCK_TIME.exec(text)
  return match ? Number(match[1]) * 60 + Number(match[2]) : null
}
