import { describe, expect, it } from 'vitest'
import {
  emptyNotifyState,
  type NotifyPrefs,
  notificationPlan,
} from '../../../main/desktop/notify/notificationPlan.ts'
import { inQuietHours } from '../../../main/desktop/notify/quietHours.ts'
import { HELD_LIMIT } from '../../../shared/notice.ts'
import { notices } from '../support/fixtures.ts'

const at = (hh: number, mm = 0) => Date.UTC(2026, 10, 26, hh, mm)
const UTC = { timeZone: 'UTC' }
const prefs: NotifyPrefs = { digestThreshold: 5, quietHours: { enabled: false, from: '22:00', to: '07:00' } }
const quiet: NotifyPrefs = { ...prefs, quietHours: { enabled: true, from: '22:00', to: '07:00' } }

describe('notification decisions', () => {
  it('shows each moment of a small poll on its own', () => {
    const plan = notificationPlan(notices(3), prefs, emptyNotifyState(), at(12), UTC)
    expect(plan.notices.map((n) => n.kind)).toEqual(['single', 'single', 'single'])
  })

  it('shows up to the threshold singly, and one digest beyond it', () => {
    expect(notificationPlan(notices(5), prefs, emptyNotifyState(), at(12), UTC).notices).toHaveLength(5)
    const flood = notificationPlan(notices(12), prefs, emptyNotifyState(), at(12), UTC)
    expect(flood.notices).toHaveLength(1)
    expect(flood.notices[0]).toMatchObject({ kind: 'digest', count: 12, accounts: 3 })
  })

  it('folds a poll that read accounts newly yours into one digest, however few', () => {
    // Their moments are from before the hand-over: worth one summary, not one notice each.
    const plan = notificationPlan(notices(3), prefs, emptyNotifyState(), at(12), { ...UTC, digest: true })
    expect(plan.notices).toEqual([expect.objectContaining({ kind: 'digest', count: 3 })])
    const one = notificationPlan(notices(1), prefs, emptyNotifyState(), at(12), { ...UTC, digest: true })
    expect(one.notices.map((n) => n.kind)).toEqual(['single'])
  })

  it('counts a capped catch-up by its full size', () => {
    const plan = notificationPlan(notices(3), prefs, emptyNotifyState(), at(12), {
      ...UTC,
      deliveredCount: 4_000,
    })
    expect(plan.notices[0]).toMatchObject({ kind: 'digest', count: 4_000 })
  })

  it('holds everything while paused, and releases it as one digest once the pause is over', () => {
    const paused = { ...emptyNotifyState(), pausedUntil: at(13) }
    const first = notificationPlan(notices(2), prefs, paused, at(12), UTC)
    expect(first).toMatchObject({ notices: [], holding: 'paused' })
    const second = notificationPlan(notices(1), prefs, first.state, at(12, 30), UTC)
    expect(second.state.heldCount).toBe(3)
    const after = notificationPlan([], prefs, second.state, at(13), UTC)
    expect(after.notices).toHaveLength(1)
    expect(after.notices[0]).toMatchObject({ kind: 'digest', count: 3 })
    expect(after.state).toEqual(emptyNotifyState())
  })

  it('shows a single held moment as itself, not as a digest of one', () => {
    const paused = { ...emptyNotifyState(), pausedUntil: at(13) }
    const held = notificationPlan(notices(1), prefs, paused, at(12), UTC)
    const after = notificationPlan([], prefs, held.state, at(14), UTC)
    expect(after.notices.map((n) => n.kind)).toEqual(['single'])
  })

  it('holds during quiet hours across midnight and releases when they end', () => {
    const late = notificationPlan(notices(2), quiet, emptyNotifyState(), at(23, 30), UTC)
    expect(late.holding).toBe('quiet-hours')
    const night = notificationPlan(notices(2), quiet, late.state, at(3), UTC)
    expect(night.holding).toBe('quiet-hours')
    const morning = notificationPlan([], quiet, night.state, at(7), UTC)
    expect(morning.notices).toEqual([expect.objectContaining({ kind: 'digest', count: 4 })])
  })

  it('turns the first poll after sleep or offline into a digest', () => {
    const back = { ...emptyNotifyState(), digestNext: true }
    const plan = notificationPlan(notices(2), prefs, back, at(9), UTC)
    expect(plan.notices).toEqual([expect.objectContaining({ kind: 'digest', count: 2 })])
    expect(plan.state.digestNext).toBe(false)
  })

  it('keeps at most HELD_LIMIT moments for the digest filter but counts them all', () => {
    const paused = { ...emptyNotifyState(), pausedUntil: at(23) }
    const plan = notificationPlan(notices(HELD_LIMIT + 50), prefs, paused, at(12), UTC)
    expect(plan.state.held).toHaveLength(HELD_LIMIT)
    expect(plan.state.heldCount).toBe(HELD_LIMIT + 50)
  })
})

describe('quiet hours', () => {
  const hours = (from: string, to: string) => ({ enabled: true, from, to })

  it('span midnight when they end before they start', () => {
    expect(inQuietHours(hours('22:00', '07:00'), at(22), 'UTC')).toBe(true)
    expect(inQuietHours(hours('22:00', '07:00'), at(0, 30), 'UTC')).toBe(true)
    expect(inQuietHours(hours('22:00', '07:00'), at(6, 59), 'UTC')).toBe(true)
    expect(inQuietHours(hours('22:00', '07:00'), at(7), 'UTC')).toBe(false)
    expect(inQuietHours(hours('22:00', '07:00'), at(21, 59), 'UTC')).toBe(false)
  })

  it('work within a day too', () => {
    expect(inQuietHours(hours('12:00', '13:00'), at(12, 30), 'UTC')).toBe(true)
    expect(inQuietHours(hours('12:00', '13:00'), at(13), 'UTC')).toBe(false)
  })

  it('are off when disabled or empty', () => {
    expect(inQuietHours({ enabled: false, from: '00:00', to: '23:59' }, at(12), 'UTC')).toBe(false)
    expect(inQuietHours(hours('09:00', '09:00'), at(9), 'UTC')).toBe(false)
  })

  it('follow the local clock of the time zone', () => {
    // 23:30 UTC is 00:30 in Berlin (winter): inside 00:00–06:00 there, not in UTC.
    expect(inQuietHours(hours('00:00', '06:00'), at(23, 30), 'Europe/Berlin')).toBe(true)
    expect(inQuietHours(hours('00:00', '06:00'), at(23, 30), 'UTC')).toBe(false)
  })
})
