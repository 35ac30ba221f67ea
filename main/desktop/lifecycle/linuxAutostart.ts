// Launch at login on Linux: Electron's login items are macOS and Windows only, so the XDG way,
// a .desktop file in ~/.config/autostart (honoured by GNOME, KDE, Xfce, Cinnamon, …).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import type { LoginItemPort } from '../ports.ts'
import { HIDDEN_ARG } from './loginItem.ts'

export function autostartEntry(executable: string): string {
  // Desktop Entry Exec quoting: the path in double quotes, with \ " ` $ escaped.
  const quoted = `"${executable.replace(/([\\"`$])/g, '\\$1')}"`
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Moments',
    'Comment=Critical moments of the accounts you own',
    `Exec=${quoted} ${HIDDEN_ARG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n')
}

export function linuxAutostart(options: { executable: string; configHome?: string }): LoginItemPort {
  const configHome = options.configHome ?? process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config')
  const file = join(configHome, 'autostart', 'moments.desktop')
  return {
    get: () => existsSync(file),
    set(openAtLogin) {
      if (!openAtLogin) return rmSync(file, { force: true })
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, autostartEntry(options.executable))
    },
  }
}
