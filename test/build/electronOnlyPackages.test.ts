// electron is an optional dependency (so that `npm install` survives a failed binary download),
// which makes it a production dependency to npm and to electron-builder. The installers must not
// carry it, nor what only it needs, and must keep everything the app's own dependencies need.
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const require = createRequire(import.meta.url)
const { packagesOnlyFor } = require(join(ROOT, 'build/electronOnlyPackages.cjs')) as {
  packagesOnlyFor(only: string, manifest: object, lock: object): string[]
}

type Packages = Record<
  string,
  { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }
>
const lockOf = (packages: Packages) => ({ packages: { '': {}, ...packages } })

describe('what only electron needs', () => {
  it('is electron and its own dependencies, not those another production dependency shares', () => {
    const manifest = { dependencies: { pg: '1' }, optionalDependencies: { electron: '41' } }
    const lock = lockOf({
      'node_modules/electron': { dependencies: { got: '1', debug: '1' } },
      'node_modules/got': { dependencies: { 'p-cancelable': '1' } },
      'node_modules/p-cancelable': {},
      'node_modules/debug': { dependencies: { ms: '1' } },
      'node_modules/ms': {},
      'node_modules/pg': { dependencies: { debug: '1' } },
    })
    expect(packagesOnlyFor('electron', manifest, lock)).toEqual([
      'node_modules/electron',
      'node_modules/got',
      'node_modules/p-cancelable',
    ])
  })

  it('resolves nested copies the way Node does: the nearest node_modules first', () => {
    const manifest = { dependencies: { jsforce: '3' }, optionalDependencies: { electron: '41' } }
    const lock = lockOf({
      'node_modules/electron': { dependencies: { semver: '6' } },
      'node_modules/electron/node_modules/semver': {},
      'node_modules/jsforce': { dependencies: { semver: '7' } },
      'node_modules/semver': {},
    })
    expect(packagesOnlyFor('electron', manifest, lock)).toEqual([
      'node_modules/electron',
      'node_modules/electron/node_modules/semver',
    ])
  })

  it("follows this project's lockfile: electron and its downloader out, no production dependency's package", () => {
    const manifest = require(join(ROOT, 'package.json')) as { dependencies: Record<string, string> }
    const lock = require(join(ROOT, 'package-lock.json')) as { packages: Packages }
    const left = packagesOnlyFor('electron', manifest, lock)
    expect(left).toEqual(expect.arrayContaining(['node_modules/electron', 'node_modules/@electron/get']))
    const needed = new Set<string>()
    const visit = (path: string) => {
      if (needed.has(path)) return
      needed.add(path)
      const entry = lock.packages[path] ?? {}
      for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
        const nested = `${path}/node_modules/${name}`
        const found = [nested, `node_modules/${name}`].find((p) => lock.packages[p])
        if (found) visit(found)
      }
    }
    for (const name of Object.keys(manifest.dependencies)) visit(`node_modules/${name}`)
    expect(left.filter((path) => needed.has(path))).toEqual([])
  })

  it("is left out of the installers by electron-builder's own file matcher, and nothing else is", () => {
    delete require.cache[require.resolve(join(ROOT, 'electron-builder.cjs'))]
    const config = require(join(ROOT, 'electron-builder.cjs')) as { files: string[] }
    const { getNodeModuleFileMatcher } = require('app-builder-lib/out/fileMatcher.js') as {
      getNodeModuleFileMatcher(
        appDir: string,
        destination: string,
        expand: (s: string) => string,
        platformOptions: object,
        packager: object,
      ): { createFilter(): (file: string, stat: object) => boolean }
    }
    // The matcher electron-builder applies to node_modules, tested on paths as they sit in the app.
    const packager = { config, debugLogger: { isEnabled: false } }
    const filter = getNodeModuleFileMatcher(ROOT, '/app', (s) => s, {}, packager).createFilter()
    const packed = (path: string) =>
      filter(join(ROOT, path), { moduleFullFilePath: path, isDirectory: () => false })
    expect(packed('node_modules/electron/index.js')).toBe(false)
    expect(packed('node_modules/electron/dist/electron')).toBe(false)
    expect(packed('node_modules/@electron/get/dist/index.js')).toBe(false)
    expect(packed('node_modules/electron-updater/out/main.js')).toBe(true)
    expect(packed('node_modules/better-sqlite3/lib/index.js')).toBe(true)
    expect(packed('node_modules/debug/src/index.js')).toBe(true)
  })
})
