// The tray menu as Electron's menu template. Types only from `electron`: the adapter builds it.
import type { MenuItemConstructorOptions } from 'electron'
import type { TrayMenuItem } from './trayView.ts'

/**
 * A label shown as written. Electron passes menu labels through the Windows mnemonic rules on
 * every platform (Windows menus, GTK/DBusMenu's ConvertAcceleratorsFromWindowsStyle, macOS's
 * FixUpWindowsStyleLabel): a lone `&` marks the next letter and disappears ("AT&T" shows as
 * "ATT"); `&&` is one `&`.
 */
export function menuLabel(text: string): string {
  return text.replaceAll('&', '&&')
}

export function trayMenuTemplate(
  items: readonly TrayMenuItem[],
  onCommand: (command: string) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' }
      case 'note':
        return { label: menuLabel(item.label), enabled: false }
      case 'submenu':
        return { label: menuLabel(item.label), submenu: trayMenuTemplate(item.items, onCommand) }
    }
    return {
      label: menuLabel(item.label),
      enabled: item.enabled ?? true,
      click: () => onCommand(item.command),
    }
  })
}
