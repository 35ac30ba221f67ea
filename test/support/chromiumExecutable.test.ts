// The renderer tests' Chromium: the one named, else one installed, else the one inside the
// @sparticuz/chromium package, so that a machine with no browser installed runs them too.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { chromiumExecutable, runnable, systemChromiumCandidates } from './chromiumExecutable.ts'

const scratch = mkdtempSync(join(tmpdir(), 'moments-chromium-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function file(name: string, content: string, mode: number): string {
  const path = join(scratch, name)
  writeFileSync(path, content)
  chmodSync(path, mode)
  return path
}

describe('which Chromium the renderer tests drive', () => {
  it('is MOMENTS_TEST_CHROMIUM when set, before an installed one', async () => {
    const named = file('named-chrome', '#!/bin/sh\n', 0o755)
    const installed = file('installed-chrome', '#!/bin/sh\n', 0o755)
    await expect(chromiumExecutable({ MOMENTS_TEST_CHROMIUM: named }, [installed])).resolves.toEqual({
      path: named,
      source: 'MOMENTS_TEST_CHROMIUM',
    })
  })

  it('refuses a MOMENTS_TEST_CHROMIUM that cannot run, naming it', async () => {
    const text = file('notes.txt', 'not a browser', 0o644)
    await expect(chromiumExecutable({ MOMENTS_TEST_CHROMIUM: text }, [])).rejects.toThrow(
      `MOMENTS_TEST_CHROMIUM=${text}: not an executable file`,
    )
  })

  it('passes over an emptied or non-executable binary (a hidden system Chromium) to the next', async () => {
    const emptied = file('emptied', '', 0o755)
    const plain = file('plain', '#!/bin/sh\n', 0o644)
    const installed = file('chrome', '#!/bin/sh\n', 0o755)
    expect([emptied, plain, installed].map(runnable)).toEqual([false, process.platform === 'win32', true])
    await expect(chromiumExecutable({}, [emptied, join(scratch, 'missing'), installed])).resolves.toEqual({
      path: installed,
      source: 'system',
    })
  })

  it('looks on the PATH on Linux, in the Applications folders on macOS, under Program Files on Windows', () => {
    expect(systemChromiumCandidates('linux', { PATH: '/usr/local/bin:/usr/bin' })).toEqual(
      expect.arrayContaining(['/usr/local/bin/chromium', '/usr/bin/chromium', '/usr/bin/google-chrome']),
    )
    expect(systemChromiumCandidates('darwin', { HOME: '/Users/am' })).toEqual(
      expect.arrayContaining([
        '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
        '/Users/am/Applications/Chromium.app/Contents/MacOS/Chromium',
      ]),
    )
    expect(systemChromiumCandidates('win32', { ProgramFiles: 'C:\\Program Files' })).toEqual([
      join('C:\\Program Files', 'Google', 'Chrome', 'Application', 'chrome.exe'),
      join('C:\\Program Files', 'Chromium', 'Application', 'chrome.exe'),
    ])
  })

  it.runIf(process.platform === 'linux' && process.arch === 'x64')(
    'is otherwise the Chromium inside @sparticuz/chromium, unpacked once, which Playwright drives',
    async () => {
      const packaged = await chromiumExecutable({}, [])
      expect(packaged.source).toBe('@sparticuz/chromium')
      expect(packaged.path).toMatch(/node_modules\/\.cache\/moments-test-chromium\/[\d.]+\/chromium$/)
      expect(await chromiumExecutable({}, [])).toEqual(packaged)
      const browser = await chromium.launch({ executablePath: packaged.path, args: ['--no-sandbox'] })
      try {
        const page = await browser.newPage()
        await page.setContent('<p id="p">moments</p>')
        expect(await page.textContent('#p')).toBe('moments')
      } finally {
        await browser.close()
      }
    },
    120_000,
  )
})
