// Which notifications to show for the moments one poll delivered: each one, one digest, or none
// for now (paused, quiet hours). A pure decision over the moments, the preferences, what is held
// back and a clock; `notifier.ts` carries it out.

import { HELD_LIMIT, type NoticeMoment } from '../../../shared/notice.ts'
import type { QuietHours } from '../../../shared/quietHours.ts'
import { isPaused } from './pauseUntil.ts'
import { inQuietHours } from './quietHours.ts'

export interface NotifyPrefs {
  /** More than this many in one poll become one digest (default 5) */
  digestThreshold: number
  quietHours: QuietHours
}

export interface NotifyState {
  pausedUntil: number | null
  /** Delivered while paused, in quiet hours, or before the app could show them */
  held: readonly NoticeMoment[]
  /** How many were held in all (the list is capped) */
  heldCount: number
  /** Back from sleep or offline: whatever comes next is one digest */
  digestNext: boolean
}

export type Notice =
  | { kind: 'single'; moment: NoticeMoment }
  | { kind: 'digest'; moments: NoticeMoment[]; count: number; accounts: number }

export interface NotifyPlan {
  notices: Notice[]
  state: NotifyState
  /** Why nothing was shown, for the log */
  holding: 'paused' | 'quiet-hours' | null
}

export function emptyNotifyState(): NotifyState {
  return { pausedUntil: null, held: [], heldCount: 0, digestNext: false }
}

/** Call with the moments of a poll, or with none on a timer to release what is held once it may be. */
export function notificationPlan(
  delivered: readonly NoticeMoment[],
  prefs: NotifyPrefs,
  state: NotifyState,
  now: number,
  /** digest: one notification whatever the count (a hand-over's moments, from before they were yours) */
  options: { timeZone?: string; deliveredCount?: number; digest?: boolean } = {},
): NotifyPlan {
  // The worker sends at most HELD_LIMIT moments of a large catch-up, with the full count.
  const count = Math.max(options.deliveredCount ?? delivered.length, delivered.length)
  const held = [...state.held, ...delivered].slice(0, HELD_LIMIT)
  const heldCount = state.heldCount + count
  const holding = isPaused(state.pausedUntil, now)
    ? 'paused'
    : inQuietHours(prefs.quietHours, now, options.timeZone)
      ? 'quiet-hours'
      : null
  if (holding) {
    return { notices: [], state: { ...state, held, heldCount }, holding }
  }
  const released: NotifyState = { pausedUntil: null, held: [], heldCount: 0, digestNext: false }
  if (heldCount === 0) {
    return { notices: [], state: { ...released, digestNext: state.digestNext }, holding: null }
  }
  const backlog = state.heldCount > 0 || state.digestNext
  const flood = count > prefs.digestThreshold
  if (heldCount > 1 && (backlog || flood || options.digest)) {
    return { notices: [digest(held, heldCount)], state: released, holding: null }
  }
  return { notices: held.map((moment) => ({ kind: 'single', moment })), state: released, holding: null }
}

function digest(moments: NoticeMoment[], count: number): Notice {
  return { kind: 'digest', moments, count, accounts: new Set(moments.map((m) => m.accountId)).size }
}
