// Which Chromium the renderer tests drive, in this order: MOMENTS_TEST_CHROMIUM; a Chromium or
// Chrome installed on the machine; else, on Linux x64, the headless Chromium that ships inside the
// @sparticuz/chromium package (a dev dependency), unpacked once into node_modules/.cache, so that
// `npm test` needs no apt-get.
import {
  accessSync,
  constants,
  createReadStream,
  createWriteStream,
  mkdirSync,
  renameSync,
  statSync,
} from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createBrotliDecompress } from 'node:zlib'

export interface ChromiumExecutable {
  path: string
  source: 'MOMENTS_TEST_CHROMIUM' | 'system' | '@sparticuz/chromium'
}

/** Where Chromium and Chrome are installed, per OS: on the PATH, then their usual folders. */
export function systemChromiumCandidates(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.ProgramFiles, env['ProgramFiles(x86)']].filter(
      (root): root is string => Boolean(root),
    )
    return roots.flatMap((root) => [
      join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      join(root, 'Chromium', 'Application', 'chrome.exe'),
    ])
  }
  if (platform === 'darwin') {
    const apps = ['/Applications', join(env.HOME ?? '~', 'Applications')]
    return apps.flatMap((folder) => [
      join(folder, 'Google Chrome.app', 'Contents', 'MacOS', 'Google Chrome'),
      join(folder, 'Chromium.app', 'Contents', 'MacOS', 'Chromium'),
    ])
  }
  const names = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome']
  const onPath = (env.PATH ?? '')
    .split(':')
    .filter(Boolean)
    .flatMap((dir) => names.map((name) => join(dir, name)))
  return [...onPath, '/opt/google/chrome/chrome']
}

/** An executable file with something in it (an emptied or hidden binary does not count). */
export function runnable(path: string): boolean {
  try {
    const stat = statSync(path)
    if (!stat.isFile() || stat.size === 0) return false
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The first of: the variable, an installed Chromium or Chrome, the one in @sparticuz/chromium. */
export async function chromiumExecutable(
  env: NodeJS.ProcessEnv = process.env,
  candidates: string[] = systemChromiumCandidates(process.platform, env),
): Promise<ChromiumExecutable> {
  const chosen = env.MOMENTS_TEST_CHROMIUM
  if (chosen) {
    if (!runnable(chosen)) throw new Error(`MOMENTS_TEST_CHROMIUM=${chosen}: not an executable file`)
    return { path: chosen, source: 'MOMENTS_TEST_CHROMIUM' }
  }
  const installed = candidates.find(runnable)
  if (installed) return { path: installed, source: 'system' }
  return { path: await packagedChromium(), source: '@sparticuz/chromium' }
}

/**
 * The package ships its Chromium brotli-compressed (chromium.br); unpacked once per version,
 * through a temporary name, so that test files starting together never run a half-written binary.
 */
async function packagedChromium(): Promise<string> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `no Chromium or Chrome found (${systemChromiumCandidates().join(', ')}), and @sparticuz/chromium has one for Linux x64 only: install Chrome or set MOMENTS_TEST_CHROMIUM`,
    )
  }
  let packageDir: string
  try {
    packageDir = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..')
  } catch {
    throw new Error(
      'no Chromium or Chrome found, and @sparticuz/chromium is not installed: run npm install, install Chromium, or set MOMENTS_TEST_CHROMIUM',
    )
  }
  const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as {
    version: string
  }
  const target = join(packageDir, '..', '..', '.cache', 'moments-test-chromium', version, 'chromium')
  if (runnable(target)) return target
  mkdirSync(dirname(target), { recursive: true })
  const partial = `${target}.${process.pid}`
  await pipeline(
    createReadStream(join(packageDir, 'bin', 'chromium.br')),
    createBrotliDecompress(),
    createWriteStream(partial, { mode: 0o755 }),
  )
  renameSync(partial, target)
  return target
}
