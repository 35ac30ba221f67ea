// The application menu Electron is asked to install instead of its default one.
import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { applicationMenuTemplate } from '../../../main/desktop/lifecycle/applicationMenu.ts'

function roles(items: readonly MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ])
}

describe('the application menu', () => {
  it('is none on Windows and Linux: no menu bar behind Alt, no Ctrl+Shift+I', () => {
    expect(applicationMenuTemplate('win32', 'Moments')).toBeNull()
    expect(applicationMenuTemplate('linux', 'Moments')).toBeNull()
  })

  it('on macOS keeps copy and paste working and offers no View, reload or DevTools', () => {
    const template = applicationMenuTemplate('darwin', 'Moments') ?? []
    expect(template.map((item) => item.label)).toEqual(['Moments', 'Edit', 'Window'])
    const all = roles(template)
    expect(all).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'quit']))
    for (const forbidden of ['toggleDevTools', 'viewMenu', 'reload', 'forceReload', 'fileMenu', 'editMenu'])
      expect(all).not.toContain(forbidden)
    // Only roles: nothing with an accelerator or a click of its own.
    const flat = (items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
      items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flat(item.submenu) : [])])
    for (const item of flat(template)) {
      expect(item.accelerator).toBeUndefined()
      expect(item.click).toBeUndefined()
    }
  })
})
