// better-sqlite3 for `npm start`: Electron's utility process has another Node ABI than the
// Node that runs the CLI and the tests, so a copy rebuilt for Electron is put in dist/node_modules,
// which the bundled worker (dist/desktop/pipelineWorker.mjs) finds before the root node_modules;
// node_modules keeps the Node build. It lives beside dist/desktop, not in it: every build empties
// dist/desktop, and with it went the copy and its marker, so each `npm start` rebuilt it (about two
// minutes). (`npm run dist` lets electron-builder rebuild for the package; see README.)
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DESKTOP_OUT } from './buildDesktop.ts'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const NATIVE = ['better-sqlite3']

export interface NativeModulesOptions {
  /** The desktop bundle's folder; the Electron build goes into `<its parent>/node_modules` */
  desktopOut?: string
  /** Where the Node builds are (the repository root) */
  root?: string
  electronVersion?: string
  /** Rebuilds the copies in `moduleDir/node_modules` for Electron (@electron/rebuild by default) */
  rebuild?: (moduleDir: string, electronVersion: string, names: readonly string[]) => void
}

/** `rebuilt` when it had to build; `kept` when the Electron build for these versions is there. */
export async function prepareNativeModules(options: NativeModulesOptions = {}): Promise<'rebuilt' | 'kept'> {
  const root = options.root ?? ROOT
  const electronVersion =
    options.electronVersion ??
    (createRequire(import.meta.url)('electron/package.json') as { version: string }).version
  const moduleDir = dirname(options.desktopOut ?? DESKTOP_OUT)
  const modules = join(moduleDir, 'node_modules')
  const stamp = join(modules, '.electron-abi')
  // Electron's version and each module's: upgrading either needs a new build.
  const wanted = [
    `electron ${electronVersion}`,
    ...NATIVE.map((name) => `${name} ${moduleVersion(root, name)}`),
  ].join('\n')
  const present = NATIVE.every((name) => existsSync(join(modules, name, 'package.json')))
  if (present && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return 'kept'
  rmSync(stamp, { force: true })
  mkdirSync(modules, { recursive: true })
  for (const name of NATIVE) {
    rmSync(join(modules, name), { recursive: true, force: true })
    cpSync(join(root, 'node_modules', name), join(modules, name), { recursive: true })
  }
  writeFileSync(
    join(moduleDir, 'package.json'),
    `${JSON.stringify({ name: 'moments-desktop-dev', private: true, dependencies: Object.fromEntries(NATIVE.map((n) => [n, '*'])) }, null, 2)}\n`,
  )
  console.error(`moments: rebuilding ${NATIVE.join(', ')} for Electron ${electronVersion} (once)…`)
  ;(options.rebuild ?? electronRebuild)(moduleDir, electronVersion, NATIVE)
  writeFileSync(stamp, wanted)
  return 'rebuilt'
}

function moduleVersion(root: string, name: string): string {
  return (
    JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }
  ).version
}

function electronRebuild(moduleDir: string, electronVersion: string, names: readonly string[]): void {
  const result = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/@electron/rebuild/lib/cli.js'),
      '--version',
      electronVersion,
      '--module-dir',
      moduleDir,
      '--only',
      names.join(','),
      '--force',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  )
  if (result.status !== 0) throw new Error(`electron-rebuild failed (exit ${result.status})`)
}
