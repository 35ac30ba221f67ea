import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

/** The Electron executable, or why there is none. */
export function electronBinary(): { path: string } | { missing: string } {
  try {
    // The electron package exports the binary's path, and throws when the download was skipped.
    const path = createRequire(import.meta.url)('electron') as unknown
    if (typeof path === 'string' && existsSync(path)) return { path }
  } catch {
    // Thrown when the download was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD) or failed.
  }
  return { missing: 'no Electron binary in node_modules/electron (its download was skipped or failed)' }
}
