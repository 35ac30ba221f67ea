import { closeSync, mkdirSync, openSync } from 'node:fs'
import { join } from 'node:path'

/**
 * True exactly once per user data folder: the first start of Moments on this account. A marker
 * file is created atomically (`wx`), so two racing starts cannot both see a first run.
 */
export function claimFirstRun(userDataDir: string): boolean {
  mkdirSync(userDataDir, { recursive: true })
  try {
    closeSync(openSync(join(userDataDir, 'first-run-done'), 'wx'))
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}
