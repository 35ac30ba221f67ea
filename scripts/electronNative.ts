// better-sqlite3 for `npm start`: Electron's utility process has another Node ABI than the
// Node that runs the CLI and the tests, so a copy rebuilt for Electron is put in
// dist/desktop/node_modules, where the bundled worker finds it first; node_modules keeps the
// Node build. (`npm run dist` lets electron-builder rebuild for the package; see README.)
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DESKTOP_OUT } from './buildDesktop.ts'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const NATIVE = ['better-sqlite3']

export async function prepareNativeModules(): Promise<void> {
  const electronVersion = (createRequire(import.meta.url)('electron/package.json') as { version: string })
    .version
  const stamp = join(DESKTOP_OUT, 'node_modules', '.electron-abi')
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === electronVersion) return
  mkdirSync(join(DESKTOP_OUT, 'node_modules'), { recursive: true })
  for (const name of NATIVE) {
    cpSync(join(ROOT, 'node_modules', name), join(DESKTOP_OUT, 'node_modules', name), { recursive: true })
  }
  writeFileSync(
    join(DESKTOP_OUT, 'package.json'),
    `${JSON.stringify({ name: 'moments-desktop-dev', private: true, dependencies: Object.fromEntries(NATIVE.map((n) => [n, '*'])) }, null, 2)}\n`,
  )
  console.error(`moments: rebuilding ${NATIVE.join(', ')} for Electron ${electronVersion} (once)…`)
  const result = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/@electron/rebuild/lib/cli.js'),
      '--version',
      electronVersion,
      '--module-dir',
      DESKTOP_OUT,
      '--only',
      NATIVE.join(','),
      '--force',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  )
  if (result.status !== 0) throw new Error(`electron-rebuild failed (exit ${result.status})`)
  writeFileSync(stamp, electronVersion)
}
