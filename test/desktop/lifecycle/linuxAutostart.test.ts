import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { autostartEntry, linuxAutostart } from '../../../main/desktop/lifecycle/linuxAutostart.ts'

describe('launch at login on Linux', () => {
  it('writes and removes an XDG autostart entry that starts Moments in the tray', () => {
    const configHome = mkdtempSync(join(tmpdir(), 'moments-autostart-'))
    try {
      const login = linuxAutostart({ executable: '/opt/Moments/moments-desktop', configHome })
      expect(login.get()).toBe(false)
      login.set(true)
      expect(login.get()).toBe(true)
      const entry = readFileSync(join(configHome, 'autostart', 'moments.desktop'), 'utf8')
      expect(entry).toContain('Exec="/opt/Moments/moments-desktop" --hidden')
      login.set(false)
      expect(login.get()).toBe(false)
    } finally {
      rmSync(configHome, { recursive: true, force: true })
    }
  })

  it('quotes the executable path as the Desktop Entry spec asks', () => {
    expect(autostartEntry('/home/a b/My "App"/x$y')).toContain('Exec="/home/a b/My \\"App\\"/x\\$y" --hidden')
  })
})
