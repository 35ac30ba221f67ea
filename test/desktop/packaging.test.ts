// What `npm run build:desktop` and `npm run dist` rely on: bundles that run, icons in place, an
// electron-builder config its own schema accepts, and notarization only with credentials.
import { fork } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { FuseV1Options } from '@electron/fuses'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { nodeExecArgv } from '../../main/desktop/worker/workerV8Flags.ts'
import { buildDesktop } from '../../scripts/buildDesktop.ts'
import { prepareNativeModules } from '../../scripts/electronNative.ts'
import '../support/providedContext.ts'

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const require = createRequire(import.meta.url)

// Built into a scratch folder: dist/ may be in use (npm start, the smoke test).
let scratch: string
let DESKTOP_OUT: string

describe('the desktop build', () => {
  beforeAll(async () => {
    // Inside the repository (.tmp/ is ignored), so the bundles find node_modules as in dist/.
    mkdirSync(join(ROOT, '.tmp'), { recursive: true })
    scratch = mkdtempSync(join(ROOT, '.tmp', 'desktop-build-'))
    DESKTOP_OUT = join(scratch, 'desktop')
    await buildDesktop(DESKTOP_OUT)
  }, 60_000)

  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it('bundles main and the worker as ES modules, and a one-file preload that requires only electron', () => {
    for (const file of [
      'main.mjs',
      'pipelineWorker.mjs',
      'pipelineWorker.cjs',
      'preload.cjs',
      'icon.png',
      'defaultRules.yaml',
      'defaultRules.json',
    ]) {
      expect(existsSync(join(DESKTOP_OUT, file)), file).toBe(true)
    }
    const preload = readFileSync(join(DESKTOP_OUT, 'preload.cjs'), 'utf8')
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron'])
    expect(preload).toContain('"settings.save"')
    expect(statSync(join(DESKTOP_OUT, 'preload.cjs')).size).toBeLessThan(10_000)
    expect(readFileSync(join(DESKTOP_OUT, 'pipelineWorker.mjs'), 'utf8')).not.toMatch(/from ["']electron["']/)
  })

  it('ships a tray icon for every state, with macOS template images', () => {
    for (const state of ['idle', 'new', 'error', 'paused', 'offline']) {
      for (const suffix of ['', '@2x', 'Template', 'Template@2x']) {
        expect(existsSync(join(DESKTOP_OUT, 'tray', `tray-${state}${suffix}.png`)), `${state}${suffix}`).toBe(
          true,
        )
      }
    }
    for (const file of ['icon.icns', 'icon.ico', 'icon.png', 'icons/512x512.png', 'entitlements.mac.plist']) {
      expect(existsSync(join(ROOT, 'build', file)), file).toBe(true)
    }
  })

  it('keeps the Electron build of better-sqlite3 across builds, so npm start rebuilds it once', async () => {
    const rebuilt: string[] = []
    const native = (electronVersion: string) =>
      prepareNativeModules({
        desktopOut: DESKTOP_OUT,
        electronVersion,
        rebuild: (moduleDir, version, names) => {
          expect(moduleDir).toBe(scratch)
          expect(names).toEqual(['better-sqlite3'])
          rebuilt.push(version)
        },
      })
    try {
      expect(await native('41.7.1')).toBe('rebuilt')
      // Every `npm start` builds the bundles again (emptying the desktop folder), then asks.
      await buildDesktop(DESKTOP_OUT)
      expect(await native('41.7.1')).toBe('kept')
      expect(rebuilt).toEqual(['41.7.1'])
      // The bundled worker finds that build before the root node_modules (the Node build).
      const resolved = createRequire(join(DESKTOP_OUT, 'pipelineWorker.mjs')).resolve('better-sqlite3')
      expect(resolved.startsWith(join(scratch, 'node_modules', 'better-sqlite3'))).toBe(true)
      expect(await native('41.8.0')).toBe('rebuilt')
      expect(rebuilt).toEqual(['41.7.1', '41.8.0'])
    } finally {
      rmSync(join(scratch, 'node_modules'), { recursive: true, force: true })
      rmSync(join(scratch, 'package.json'), { force: true })
    }
  }, 60_000)

  it('loads the demo packages only for the demo: a worker on a real warehouse never does', async () => {
    // Every ES module the process resolves under node_modules, through a resolve hook.
    const loads = join(scratch, 'loads.txt')
    const hooks = join(scratch, 'loadHooks.mjs')
    const hook = join(scratch, 'recordLoads.mjs')
    writeFileSync(loads, '')
    writeFileSync(
      hooks,
      [
        "import { appendFileSync } from 'node:fs'",
        'export async function resolve(specifier, context, next) {',
        '  const result = await next(specifier, context)',
        `  if (result.url.includes('/node_modules/')) appendFileSync(${JSON.stringify(loads)}, result.url + '\\n')`,
        '  return result',
        '}',
      ].join('\n'),
    )
    writeFileSync(
      hook,
      `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(hooks).href)})\n`,
    )
    const child = fork(join(DESKTOP_OUT, 'pipelineWorker.cjs'), [], {
      execArgv: [...nodeExecArgv(), '--import', pathToFileURL(hook).href],
      env: { ...process.env, MOMENTS_DATA_DIR: scratch, MOMENTS_LOG_LEVEL: 'warn' },
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    const exit = new Promise<number | null>((done) => child.on('exit', done))
    // Stopped before it is started: everything its bundle imports up front has been loaded.
    child.send({ type: 'stop' })
    expect(await exit).toBe(0)
    const loaded = readFileSync(loads, 'utf8').split('\n').filter(Boolean)
    expect(loaded.some((url) => url.includes('/node_modules/pino/'))).toBe(true)
    expect(loaded.filter((url) => /node_modules\/(@electric-sql|tar)\//.test(url))).toEqual([])
  }, 60_000)

  it('runs the bundled pipeline worker under plain Node: the demo starts, polls and stops', async () => {
    const dataDir = mkdtempSync(join(inject('pg').scratchDir, 'bundled-worker-'))
    try {
      // Through the CommonJS entry main starts as the utilityProcess.
      const child = fork(join(DESKTOP_OUT, 'pipelineWorker.cjs'), [], {
        // With the V8 flags the desktop starts it with (as --js-flags there).
        execArgv: nodeExecArgv(),
        env: { ...process.env, MOMENTS_DATA_DIR: dataDir, MOMENTS_LOG_LEVEL: 'warn' },
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      })
      const types: string[] = []
      const exit = new Promise<number | null>((done) => child.on('exit', done))
      child.on('message', (message: { type: string }) => {
        types.push(message.type)
        if (message.type === 'delivered') child.send({ type: 'stop' })
      })
      child.send({ type: 'start', userDataDir: dataDir, secrets: {}, vault: { ok: true } })
      expect(await exit).toBe(0)
      expect(types).toEqual(expect.arrayContaining(['prefs', 'ready', 'status', 'delivered', 'stopped']))
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 120_000)
})

describe('the installers', () => {
  type Config = Record<string, unknown> & {
    mac: Record<string, unknown>
    win: Record<string, unknown>
    publish: unknown
    electronFuses: unknown
  }
  let config: Config

  beforeAll(() => {
    delete require.cache[require.resolve(join(ROOT, 'electron-builder.cjs'))]
    config = require(join(ROOT, 'electron-builder.cjs')) as Config
  })

  afterAll(() => {
    delete process.env.MOMENTS_UPDATE_URL
  })

  it('is a configuration electron-builder accepts', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>
    }
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('builds dmg+zip with the hardened runtime, nsis, AppImage+deb; unpacks native modules and the demo data directory; rebuilds them', () => {
    expect(config).toMatchObject({
      asar: true,
      asarUnpack: ['**/*.node', 'dist/demo-pgdata.tar.gz'],
      npmRebuild: true,
      afterSign: 'build/notarize.cjs',
      mac: { target: ['dmg', 'zip'], hardenedRuntime: true, entitlements: 'build/entitlements.mac.plist' },
      win: { target: ['nsis'] },
      linux: { target: ['deb', 'AppImage'] },
    })
    expect(config.mac.extendInfo).toMatchObject({ LSUIElement: true })
  })

  it('flips the Electron fuses: no Node mode, NODE_OPTIONS or --inspect; encrypted cookies; code only from a checked asar', async () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
    // What electron-builder hands @electron/fuses from that option, read in the library's own terms.
    const { PlatformPackager } = require('app-builder-lib') as {
      PlatformPackager: {
        prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string, unknown>> }
      }
    }
    const wire = await PlatformPackager.prototype.generateFuseConfig.call(null, config.electronFuses)
    expect(wire).toMatchObject({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
    })
  })

  it('names the Windows signing publisher, so electron-updater checks an update’s signature', () => {
    expect(config.win).toMatchObject({
      verifyUpdateCodeSignature: true,
      signtoolOptions: { publisherName: [expect.any(String)] },
    })
  })

  it('makes a .deb that installs an AppArmor profile for the app (Ubuntu 24.04+ aborts the AppImage)', () => {
    const templates = join(dirname(require.resolve('app-builder-lib/package.json')), 'templates', 'linux')
    const afterInstall = readFileSync(join(templates, 'after-install.tpl'), 'utf8')
    // biome-ignore lint/suspicious/noTemplateCurlyInString: electron-builder's own ${executable} macro, as its template spells it
    expect(afterInstall).toContain("APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'")
    const profile = readFileSync(join(templates, 'apparmor-profile.tpl'), 'utf8')
    // biome-ignore lint/suspicious/noTemplateCurlyInString: electron-builder's ${…} macros, as its template spells them
    expect(profile).toContain('"/opt/${sanitizedProductName}/${executable}"')
    expect(profile).toMatch(/^\s*userns,$/m)
  })

  it('stays on Electron 41 (README "Platform limits": 42 silences unsigned macOS notifications)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      optionalDependencies: Record<string, string>
    }
    // An optional dependency, so that npm install goes on without it where its binary cannot be
    // downloaded; electron-builder packages the version pinned here (electronVersion).
    expect(pkg.optionalDependencies.electron).toMatch(/^41\.\d+\.\d+$/)
    expect(config.electronVersion).toBe(pkg.optionalDependencies.electron)
    let installed: string | null = null
    try {
      installed = (require('electron/package.json') as { version: string }).version
    } catch {
      // Left out by npm: its download failed
    }
    if (installed !== null) expect(installed).toBe(pkg.optionalDependencies.electron)
  })

  it('publishes updates only when MOMENTS_UPDATE_URL is set', () => {
    expect(config.publish).toBeNull()
    process.env.MOMENTS_UPDATE_URL = 'https://updates.example.com/moments'
    delete require.cache[require.resolve(join(ROOT, 'electron-builder.cjs'))]
    expect((require(join(ROOT, 'electron-builder.cjs')) as Config).publish).toEqual([
      { provider: 'generic', url: 'https://updates.example.com/moments' },
    ])
    process.env.MOMENTS_UPDATE_URL = 'http://updates.example.com/moments'
    delete require.cache[require.resolve(join(ROOT, 'electron-builder.cjs'))]
    expect(() => require(join(ROOT, 'electron-builder.cjs'))).toThrow(/must be an https:\/\/ URL/)
  })

  it('notarizes only with Apple credentials in the environment', async () => {
    const hook = require(join(ROOT, 'build/notarize.cjs')) as ((context: unknown) => Promise<void>) & {
      notaryCredentials(env: Record<string, string>): unknown
    }
    expect(hook.notaryCredentials({})).toBeNull()
    expect(hook.notaryCredentials({ APPLE_ID: 'a', APPLE_APP_SPECIFIC_PASSWORD: 'p' })).toBeNull()
    expect(
      hook.notaryCredentials({ APPLE_API_KEY: 'k.p8', APPLE_API_KEY_ID: 'K', APPLE_API_ISSUER: 'I' }),
    ).toEqual({
      appleApiKey: 'k.p8',
      appleApiKeyId: 'K',
      appleApiIssuer: 'I',
    })
    await expect(hook({ electronPlatformName: 'linux' })).resolves.toBeUndefined()
  })
})
