// The state file, its WAL and the logs hold customer events and the owners' e-mail addresses: on a
// shared or stolen laptop, other accounts must not read them. Moments' folders are 0700 and its
// files 0600 (the vault and the settings file already were); files made by an older version are
// narrowed when they are next opened. Windows has no such modes: its per-user profile folders
// (LOCALAPPDATA, APPDATA) are already closed to other users.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'

export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

const NO_MODES = process.platform === 'win32'

/** Moments' own folder (the data folder, the app's user data, its logs): created 0700, or narrowed to it. */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  if (!NO_MODES) chmodSync(dir, PRIVATE_DIR_MODE)
}

/**
 * A folder Moments creates for one of its files (a `state:` path of the user's choosing): new
 * folders are 0700, an existing one is the user's and left as it is.
 */
export function folderFor(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE })
}

/** Creates the file 0600 if it is not there, or narrows it to 0600. */
export function privateFile(path: string): void {
  if (!existsSync(path)) {
    // 'a': created if absent, never truncated if another process made it meanwhile.
    closeSync(openSync(path, 'a', PRIVATE_FILE_MODE))
  }
  if (!NO_MODES) chmodSync(path, PRIVATE_FILE_MODE)
}

/** Narrows the file to 0600 when it exists (SQLite's -wal and -shm of an older state file). */
export function narrowIfPresent(path: string): void {
  if (!NO_MODES && existsSync(path)) chmodSync(path, PRIVATE_FILE_MODE)
}
