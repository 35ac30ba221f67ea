import { describe, expect, it } from 'vitest'
import { trayIconPath } from '../../../main/desktop/tray/trayIcons.ts'
import { relativeTime, trayView } from '../../../main/desktop/tray/trayView.ts'
import { syncState } from '../support/fixtures.ts'

const NOW = Date.UTC(2026, 10, 26, 12, 0)
const latest = Array.from({ length: 7 }, (_, i) => ({ id: `m${i}`, title: `Moment ${i}`, read: i > 1 }))

function labels(menu: ReturnType<typeof trayView>['menu']): string[] {
  return menu.map((item) => (item.kind === 'separator' ? '—' : item.label))
}

describe('the tray', () => {
  it('shows idle when all is read, and "new" when something is unread', () => {
    expect(trayView({ sync: syncState(), latest: [], platform: 'linux', now: NOW }).icon).toBe('idle')
    expect(trayView({ sync: syncState({ unread: 3 }), latest: [], platform: 'linux', now: NOW }).icon).toBe(
      'new',
    )
  })

  it('puts paused above offline above error above new', () => {
    const view = (overrides: Parameters<typeof syncState>[0]) =>
      trayView({ sync: syncState({ unread: 2, ...overrides }), latest: [], platform: 'win32', now: NOW }).icon
    expect(view({ phase: 'error', lastError: 'boom' })).toBe('error')
    expect(view({ phase: 'offline' })).toBe('offline')
    expect(view({ phase: 'error', pausedUntil: new Date(NOW + 60_000).toISOString() })).toBe('paused')
    // A pause that has run out is no pause.
    expect(view({ pausedUntil: new Date(NOW - 1).toISOString() })).toBe('new')
  })

  it('lists the five latest moments, unread ones marked, then the commands in order', () => {
    const view = trayView({ sync: syncState(), latest, platform: 'linux', now: NOW })
    expect(labels(view.menu)).toEqual([
      '● Moment 0',
      '● Moment 1',
      'Moment 2',
      'Moment 3',
      'Moment 4',
      '—',
      'Open history',
      'Pause',
      'Sync now',
      'Settings…',
      '—',
      'Quit Moments',
    ])
    const pause = view.menu.find((item) => item.kind === 'submenu')
    expect(pause?.kind === 'submenu' && pause.items.map((i) => (i.kind === 'item' ? i.command : ''))).toEqual(
      ['pause:1h', 'pause:morning'],
    )
    expect(view.menu[0]).toMatchObject({ kind: 'item', command: 'moment:m0' })
  })

  it('offers Resume instead of Pause while paused', () => {
    const sync = syncState({ pausedUntil: new Date(NOW + 3_600_000).toISOString() })
    const view = trayView({ sync, latest: [], platform: 'linux', now: NOW })
    expect(view.menu).toContainEqual({ kind: 'item', label: 'Resume notifications', command: 'resume' })
    expect(labels(view.menu)[0]).toBe('No moments yet')
  })

  it('disables Sync now while a sync runs', () => {
    const view = trayView({ sync: syncState({ phase: 'syncing' }), latest: [], platform: 'linux', now: NOW })
    expect(view.menu.find((i) => i.kind === 'item' && i.command === 'sync-now')).toMatchObject({
      enabled: false,
    })
  })

  it('says in the tooltip when the last sync succeeded, and shows catch-up progress', () => {
    const synced = syncState({ lastSuccessAt: new Date(NOW - 5 * 60_000).toISOString(), unread: 4 })
    expect(trayView({ sync: synced, latest: [], platform: 'linux', now: NOW }).tooltip).toBe(
      'Moments\nLast sync 5 min ago\n4 unread',
    )
    const catchingUp = syncState({ phase: 'catching-up', catchUp: { percent: 42.4, rows: 12_000 } })
    expect(trayView({ sync: catchingUp, latest: [], platform: 'linux', now: NOW }).tooltip).toContain(
      'Catching up… 42% (12000 rows)',
    )
    const never = trayView({
      sync: syncState({ phase: 'error', lastError: 'ECONNREFUSED' }),
      latest: [],
      platform: 'linux',
      now: NOW,
    })
    expect(never.tooltip).toBe('Moments\nProblem: ECONNREFUSED\nNot synced yet')
  })

  it('keeps the tooltip within the 127 characters Windows shows', () => {
    const sync = syncState({ phase: 'error', lastError: 'x'.repeat(500), unread: 5 })
    expect(trayView({ sync, latest: [], platform: 'win32', now: NOW }).tooltip.length).toBeLessThanOrEqual(
      127,
    )
  })

  it('shows the unread count as the menu bar title on macOS only', () => {
    const sync = syncState({ unread: 12 })
    expect(trayView({ sync, latest: [], platform: 'darwin', now: NOW }).title).toBe('12')
    expect(trayView({ sync, latest: [], platform: 'win32', now: NOW }).title).toBe('')
    expect(trayView({ sync: syncState(), latest: [], platform: 'darwin', now: NOW }).title).toBe('')
  })

  it('uses template images on macOS and coloured ones elsewhere', () => {
    expect(trayIconPath('/r', 'darwin', 'paused')).toBe('/r/tray/tray-pausedTemplate.png')
    expect(trayIconPath('/r', 'linux', 'error')).toBe('/r/tray/tray-error.png')
  })

  it('words times the way people say them', () => {
    expect(relativeTime(NOW - 10_000, NOW)).toBe('just now')
    expect(relativeTime(NOW - 3 * 3_600_000, NOW)).toBe('3 h ago')
    expect(relativeTime(NOW - 3 * 86_400_000, NOW)).toBe('3 days ago')
  })
})
