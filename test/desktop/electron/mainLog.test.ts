import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mainLog } from '../../../main/desktop/electron/mainLog.ts'

const root = mkdtempSync(join(tmpdir(), 'moments-main-log-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const mode = (path: string) => statSync(path).mode & 0o777

// Bounded, and long enough for a loaded machine: pino opens the file asynchronously.
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 20))
}

describe('main.log', () => {
  it('lives in a 0700 folder, 0600 itself: it names accounts and their problems', async () => {
    const logs = join(root, 'new', 'logs')
    const log = mainLog(logs)
    log('warn', 'a moment for Acme')
    const file = join(logs, 'main.log')
    await until(() => existsSync(file) && readFileSync(file, 'utf8').includes('Acme'))
    expect(readFileSync(file, 'utf8')).toContain('a moment for Acme')
    expect(mode(logs)).toBe(0o700)
    expect(mode(file)).toBe(0o600)
  })

  it('narrows the folder and the log an older version left open to others', () => {
    const logs = join(root, 'old')
    mkdirSync(logs, { mode: 0o755 })
    writeFileSync(join(logs, 'main.log'), 'old lines\n', { mode: 0o644 })
    mainLog(logs)
    expect(mode(logs)).toBe(0o700)
    expect(mode(join(logs, 'main.log'))).toBe(0o600)
    expect(readFileSync(join(logs, 'main.log'), 'utf8')).toMatch(/^old lines\n/)
  })
})
