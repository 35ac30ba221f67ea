// The Electron version the app is built for, as pinned in package.json. Read from there rather
// than from node_modules/electron, which npm removes when the binary download fails (electron is
// an optional dependency).
import { readFileSync } from 'node:fs'

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  optionalDependencies: { electron: string }
}

export const ELECTRON_VERSION = manifest.optionalDependencies.electron
