import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { errorMessage } from '../../../shared/errorMessage.ts'
import {
  type DesktopSettings,
  defaultDesktopSettings,
  desktopSettingsSchema,
} from '../../../shared/settings/desktopSettings.ts'

export const SETTINGS_FILE_NAME = 'desktop-settings.json'

export interface SettingsFile {
  path: string
  load(): DesktopSettings
  save(settings: DesktopSettings): void
}

/**
 * The settings file, validated on load and on save. A file that no longer parses (edited by hand,
 * half-written by another tool) is moved aside with a note, and the defaults take over: the app
 * must start, and the user's file must not be silently overwritten.
 */
export function settingsFile(
  dataDir: string,
  onProblem: (message: string) => void = () => {},
  clock: () => number = Date.now,
): SettingsFile {
  const path = join(dataDir, SETTINGS_FILE_NAME)
  return {
    path,
    load() {
      if (!existsSync(path)) return defaultDesktopSettings()
      let raw: unknown
      try {
        raw = JSON.parse(readFileSync(path, 'utf8'))
      } catch (error) {
        return setAside(`not valid JSON (${errorMessage(error)})`)
      }
      const parsed = desktopSettingsSchema.safeParse(raw)
      if (parsed.success) return parsed.data
      const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`)
      return setAside(where.join('; '))
    },
    save(settings) {
      const valid = desktopSettingsSchema.parse(settings)
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
      // Write then rename: a crash mid-write leaves the old file, never half of the new one.
      const temporary = `${path}.${process.pid}.tmp`
      writeFileSync(temporary, `${JSON.stringify(valid, null, 2)}\n`, { mode: 0o600 })
      renameSync(temporary, path)
    },
  }

  function setAside(reason: string): DesktopSettings {
    const aside = `${path}.invalid-${clock()}`
    try {
      renameSync(path, aside)
      onProblem(`${path}: ${reason}; moved to ${aside}, using the default settings`)
    } catch {
      onProblem(`${path}: ${reason}; using the default settings`)
    }
    return defaultDesktopSettings()
  }
}
