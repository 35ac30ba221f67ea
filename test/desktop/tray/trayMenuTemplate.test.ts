// The tray menu as Electron is asked to build it.
import { describe, expect, it } from 'vitest'
import { menuLabel, trayMenuTemplate } from '../../../main/desktop/tray/trayMenuTemplate.ts'
import { trayView } from '../../../main/desktop/tray/trayView.ts'
import { syncState } from '../support/fixtures.ts'

/** What a native menu shows for a label: Electron's Windows-style mnemonic rule (`&x` marks x, `&&` is `&`). */
function shown(label: string): string {
  return label.replace(/&(&?)/g, '$1')
}

describe('the tray menu template', () => {
  it('keeps an ampersand in a moment’s title: "AT&T" is not shown as "ATT"', () => {
    const view = trayView({
      sync: syncState(),
      latest: [{ id: 'm1', title: 'Connection interrupted — AT&T & B&&Q', read: false }],
      platform: 'win32',
      now: Date.UTC(2026, 10, 26),
    })
    const template = trayMenuTemplate(view.menu, () => {})
    expect(template[0]?.label).toBe('● Connection interrupted — AT&&T && B&&&&Q')
    expect(shown(template[0]?.label ?? '')).toBe('● Connection interrupted — AT&T & B&&Q')
  })

  it('escapes notes and submenus too, and runs the item’s command on a click', () => {
    const commands: string[] = []
    const template = trayMenuTemplate(
      [
        { kind: 'note', label: 'R&D only' },
        {
          kind: 'submenu',
          label: 'Pause & hold',
          items: [{ kind: 'item', label: 'For 1 hour', command: 'pause:1h' }],
        },
        { kind: 'separator' },
        { kind: 'item', label: 'Sync now', command: 'sync-now', enabled: false },
      ],
      (command) => commands.push(command),
    )
    expect(template.map((item) => item.label)).toEqual(['R&&D only', 'Pause && hold', undefined, 'Sync now'])
    expect(template[3]?.enabled).toBe(false)
    const submenu = template[1]?.submenu as { click?: () => void }[]
    submenu[0]?.click?.()
    expect(commands).toEqual(['pause:1h'])
  })

  it('leaves labels without an ampersand as they are', () => {
    expect(menuLabel('Settings…')).toBe('Settings…')
  })
})
