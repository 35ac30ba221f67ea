import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

type Require = (id: string) => unknown

/**
 * The Electron executable, or why there is none. `electron` is an optional dependency: npm
 * removes the package when its postinstall cannot download the binary, and keeps a package
 * without a binary when the download was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD).
 */
export function electronBinary(
  require: Require = createRequire(import.meta.url),
): { path: string } | { missing: string } {
  let path: unknown
  try {
    // The package exports the binary's path, and throws when the binary is not there.
    path = require('electron')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') {
      return { missing: 'no Electron: its download failed at npm install, which then left it out' }
    }
    return { missing: 'no Electron binary in node_modules/electron (its download was skipped or failed)' }
  }
  if (typeof path === 'string' && existsSync(path)) return { path }
  return { missing: `no Electron binary at ${String(path)}` }
}
