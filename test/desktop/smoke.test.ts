// The real app, started with Playwright's Electron driver — when an Electron binary is installed.
// Here (ELECTRON_SKIP_BINARY_DOWNLOAD=1) there is none, and the test says so and skips.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { _electron as electron } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { buildDesktop } from '../../scripts/buildDesktop.ts'
import { electronBinary } from '../../scripts/electronBinary.ts'
import { prepareNativeModules } from '../../scripts/electronNative.ts'

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const binary = electronBinary()
const reason = 'missing' in binary ? binary.missing : null
if (reason) console.warn(`desktop smoke test skipped: ${reason}`)

describe('the desktop app (smoke)', () => {
  it.skipIf(reason !== null)(
    'starts to the tray, opens the history window with only window.moments, and quits cleanly',
    async () => {
      if ('missing' in binary) return
      await buildDesktop()
      await prepareNativeModules()
      const dataDir = mkdtempSync(join(tmpdir(), 'moments-smoke-'))
      const app = await electron.launch({
        executablePath: binary.path,
        args: [ROOT],
        env: { ...process.env, MOMENTS_DATA_DIR: dataDir, MOMENTS_DISABLE_UPDATES: '1' } as Record<
          string,
          string
        >,
      })
      try {
        const page = await app.firstWindow()
        expect(page.url()).toBe('app://moments/index.html#/history')
        const surface = await page.evaluate(() => ({
          moments: Object.keys((globalThis as unknown as { moments: object }).moments ?? {}).sort(),
          require: typeof (globalThis as unknown as { require?: unknown }).require,
          process: typeof (globalThis as unknown as { process?: unknown }).process,
        }))
        expect(surface).toEqual({ moments: ['invoke', 'on'], require: 'undefined', process: 'undefined' })
        const status = await page.evaluate(() =>
          (
            globalThis as unknown as { moments: { invoke(c: string, r: object): Promise<{ demo: boolean }> } }
          ).moments.invoke('status.get', {}),
        )
        expect(status.demo).toBe(true)
        const navigated = await page.evaluate(() => {
          const here = (globalThis as unknown as { location: { href: string } }).location
          here.href = 'https://example.com/'
          return new Promise((done) => setTimeout(() => done(here.href), 500))
        })
        expect(navigated).toMatch(/^app:\/\/moments\//)
      } finally {
        await app.close()
        rmSync(dataDir, { recursive: true, force: true })
      }
    },
    180_000,
  )
})
