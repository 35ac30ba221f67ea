// The application menu. Electron installs a default one (File, Edit, View with Toggle Developer
// Tools on Ctrl+Shift+I / Alt+Cmd+I, Window) unless the app sets its own; Moments has no use for
// it and must not offer DevTools.
import type { MenuItemConstructorOptions } from 'electron'
import type { Platform } from '../ports.ts'

/**
 * Windows and Linux: none (`null` removes the menu bar and every accelerator it carried). macOS:
 * the app menu and Edit, Window with their roles only: a text field's Cmd+C/V/X/A/Z are the main
 * menu's key equivalents there, so without an Edit menu copy and paste stop working (the menu
 * bar itself stays hidden for an LSUIElement app).
 */
export function applicationMenuTemplate(
  platform: Platform,
  appName: string,
): MenuItemConstructorOptions[] | null {
  if (platform !== 'darwin') return null
  return [
    {
      label: appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'pasteAndMatchStyle' },
        { role: 'delete' },
        { role: 'selectAll' },
      ],
    },
    { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] },
  ]
}
