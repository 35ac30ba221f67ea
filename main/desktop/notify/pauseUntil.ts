// Pause ▸ 1 hour / until tomorrow morning. Local wall-clock time, computed from an injected `now`.

export const MORNING_HOUR = 8

export type PauseChoice = '1h' | 'morning'

export function pauseUntil(choice: PauseChoice, now: number): number {
  if (choice === '1h') return now + 3_600_000
  const morning = new Date(now)
  morning.setHours(MORNING_HOUR, 0, 0, 0)
  // Paused at 02:00, "tomorrow morning" is this morning: in six hours, not in thirty.
  if (morning.getTime() <= now) morning.setDate(morning.getDate() + 1)
  return morning.getTime()
}

export function isPaused(pausedUntil: number | null, now: number): boolean {
  return pausedUntil !== null && now < pausedUntil
}
