import type { AwayDetection } from '../../../shared/ipc/contract.ts'

/** What "away" can mean on this desktop, when it is less than idle time or the screen lock. */
export function awayLimitText(detection: AwayDetection | null, channel: string): string | null {
  if (!detection || (detection.idle && detection.lock)) return null
  if (detection.idle)
    return 'This desktop does not tell apps when the screen is locked: here, away means idle for this long.'
  if (detection.lock)
    return 'This desktop does not tell apps how long you have been idle: here, away means the screen is locked.'
  return `This desktop tells apps neither how long you have been idle nor when the screen is locked, so Moments cannot tell when you are away: every moment goes to ${channel}, as with Always.`
}
