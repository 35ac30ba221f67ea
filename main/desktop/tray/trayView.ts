// What the tray shows, decided from the app's state alone (no Electron): icon, tooltip, macOS
// title and the menu as plain data. `trayController.ts` hands it to the real tray.

import type { SyncState } from '../../../shared/ipc/contract.ts'
import type { LatestMoment } from '../../../shared/notice.ts'
import type { Platform } from '../ports.ts'

export type TrayIconState = 'idle' | 'new' | 'error' | 'paused' | 'offline'

export type TrayCommand =
  | `moment:${string}`
  | 'open-history'
  | 'pause:1h'
  | 'pause:morning'
  | 'resume'
  | 'sync-now'
  | 'settings'
  | 'quit'

export type TrayMenuItem =
  | { kind: 'item'; label: string; command: TrayCommand; enabled?: boolean }
  | { kind: 'separator' }
  | { kind: 'submenu'; label: string; items: TrayMenuItem[] }
  | { kind: 'note'; label: string }

export interface TrayInput {
  sync: SyncState
  latest: readonly LatestMoment[]
  platform: Platform
  now: number
}

export interface TrayView {
  icon: TrayIconState
  tooltip: string
  /** Unread count next to the macOS menu bar icon; empty elsewhere and when nothing is unread */
  title: string
  menu: TrayMenuItem[]
}

const MENU_LABEL_LIMIT = 60

export function trayIconState(sync: SyncState, now: number): TrayIconState {
  if (sync.phase === 'paused' || (sync.pausedUntil && Date.parse(sync.pausedUntil) > now)) return 'paused'
  if (sync.phase === 'offline') return 'offline'
  if (sync.phase === 'error') return 'error'
  return sync.unread > 0 ? 'new' : 'idle'
}

export function trayView(input: TrayInput): TrayView {
  const { sync, now } = input
  const icon = trayIconState(sync, now)
  return {
    icon,
    tooltip: trayTooltip(sync, icon, now),
    title: input.platform === 'darwin' && sync.unread > 0 ? String(Math.min(sync.unread, 999)) : '',
    menu: trayMenu(input, icon),
  }
}

export function trayTooltip(sync: SyncState, icon: TrayIconState, now: number): string {
  const lines = ['Moments']
  if (sync.demo) lines[0] = 'Moments (demo)'
  if (sync.catchUp)
    lines.push(`Catching up… ${Math.round(sync.catchUp.percent)}% (${sync.catchUp.rows} rows)`)
  else if (sync.phase === 'syncing') lines.push('Syncing…')
  if (icon === 'paused' && sync.pausedUntil) lines.push(`Paused until ${clockTime(sync.pausedUntil)}`)
  if (icon === 'offline') lines.push('Offline: waiting for the network')
  if (icon === 'error' && sync.lastError) lines.push(`Problem: ${cut(sync.lastError, 80)}`)
  lines.push(
    sync.lastSuccessAt ? `Last sync ${relativeTime(Date.parse(sync.lastSuccessAt), now)}` : 'Not synced yet',
  )
  if (sync.unread > 0) lines.push(`${sync.unread} unread`)
  // Windows cuts tray tooltips at 127 characters.
  const text = lines.join('\n')
  return text.length <= 127 ? text : `${text.slice(0, 126)}…`
}

function trayMenu(input: TrayInput, icon: TrayIconState): TrayMenuItem[] {
  const latest: TrayMenuItem[] =
    input.latest.length === 0
      ? [{ kind: 'note', label: 'No moments yet' }]
      : input.latest.slice(0, 5).map((m) => ({
          kind: 'item',
          label: `${m.read ? '' : '● '}${cut(m.title, MENU_LABEL_LIMIT)}`,
          command: `moment:${m.id}`,
        }))
  const pause: TrayMenuItem =
    icon === 'paused'
      ? { kind: 'item', label: 'Resume notifications', command: 'resume' }
      : {
          kind: 'submenu',
          label: 'Pause',
          items: [
            { kind: 'item', label: 'For 1 hour', command: 'pause:1h' },
            { kind: 'item', label: 'Until tomorrow morning', command: 'pause:morning' },
          ],
        }
  return [
    ...latest,
    { kind: 'separator' },
    { kind: 'item', label: 'Open history', command: 'open-history' },
    pause,
    {
      kind: 'item',
      label: 'Sync now',
      command: 'sync-now',
      enabled: input.sync.phase !== 'syncing' && input.sync.phase !== 'catching-up',
    },
    { kind: 'item', label: 'Settings…', command: 'settings' },
    { kind: 'separator' },
    { kind: 'item', label: 'Quit Moments', command: 'quit' },
  ]
}

export function relativeTime(then: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - then) / 1000))
  if (seconds < 60) return 'just now'
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return `${hours} h ago`
  return `${Math.round(hours / 24)} days ago`
}

function clockTime(iso: string): string {
  const d = new Date(iso)
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
}

function cut(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= limit ? flat : `${flat.slice(0, limit - 1)}…`
}
