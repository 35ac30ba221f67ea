import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { runCli } from '../support/runCli.ts'

// Each test runs the CLI as child processes, several times: on a busy 2-core CI machine that
// can take longer than the default 30 s. The child processes have their own kill timers.
vi.setConfig({ testTimeout: 120_000 })

// The first run of a new user: no config at all, so the demo; then a backtest of the demo week
// that must leave the user's state exactly as it was.

let dir: string
let env: Record<string, string>

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'moments-demo-cli-'))
  env = { MOMENTS_DATA_DIR: join(dir, 'data'), MOMENTS_CONFIG_DIR: join(dir, 'config') }
})

const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

describe('the demo from the command line', () => {
  it('with no config at all, the first run shows moments of the built-in owner', async () => {
    const result = await runCli(['run', '--once', '--json'], env, 120_000)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/no moments\.yaml found: running the demo/)
    // From the data directory npm install pre-initialised, not from an initdb of its own.
    expect(result.stderr).toMatch(/demo warehouse created and seeded .*"fromTemplate":true/)
    const moments = result.json()
    expect(moments.length).toBeGreaterThan(10)
    expect(new Set(moments.map((m) => m.status))).toEqual(new Set(['delivered', 'snoozed']))
    // Customer events and owners' e-mails: this account's only.
    const mode = (path: string) => statSync(path).mode & 0o777
    expect(mode(join(dir, 'data'))).toBe(0o700)
    expect(mode(join(dir, 'data', 'demo.db'))).toBe(0o600)
  })

  it('a second run reopens the same demo warehouse and still lists the first run’s moments', async () => {
    const result = await runCli(['run', '--once', '--json'], env, 120_000)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/demo warehouse reopened and topped up/)
    expect(result.stderr).not.toMatch(/starting afresh|template unusable/)
    const history = await runCli(['history', '--demo', '--json', '--limit', '1000'], env, 120_000)
    expect(history.code, history.stderr).toBe(0)
    expect(history.json().length).toBeGreaterThan(10)
  })

  it('backtests a week without touching the user state', async () => {
    const state = join(dir, 'data', 'demo.db')
    const before = hash(state)
    const result = await runCli(['backtest', '--demo', '--since', '7d', '--json'], env, 120_000)
    expect(result.code, result.stderr).toBe(0)
    const rules = result.json()
    expect(rules.map((r) => r.rule)).toContain('input-add-failed')
    for (const r of rules) {
      expect(Object.keys(r)).toEqual([
        'rule',
        'matches',
        'delivered',
        'snoozed',
        'suppressed',
        'top_accounts',
      ])
      expect((r.delivered as number) + (r.snoozed as number) + (r.suppressed as number)).toBe(r.matches)
    }
    expect(hash(state)).toBe(before)
  })

  it('compares two rule files side by side', async () => {
    const loud = join(dir, 'loud.yaml')
    writeFileSync(
      loud,
      'rules:\n  - id: code-engine-test\n    name: Tested code\n    when: event.url == "/transform/functions/run"\n    message: m\n',
    )
    const result = await runCli(['backtest', '--demo', '--since', '7d', '--compare', loud], env, 120_000)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/snoozing and once cut raw matches by \d+\.\d %/)
    expect(result.stdout).toMatch(/Difference per rule/)
    expect(result.stdout).toMatch(/code-engine-test\s+\d+\s+\d+\s+[+]\d+/)
  })

  it('rejects a backtest without --since as a usage error', async () => {
    expect((await runCli(['backtest', '--demo'], env)).code).toBe(2)
  })
})

describe('a demo run that cannot open its state file', () => {
  it('says so, and leaves the demo warehouse it had started closed and unlocked', async () => {
    const own = mkdtempSync(join(tmpdir(), 'moments-demo-cli-state-'))
    const ownEnv = { MOMENTS_DATA_DIR: join(own, 'data'), MOMENTS_CONFIG_DIR: join(own, 'config') }
    // The demo's warehouse starts before the state file is opened: a state
    // file SQLite cannot open must not leave it running, locked or uncleanly stopped.
    mkdirSync(join(own, 'data', 'demo.db'), { recursive: true })
    const failed = await runCli(['run', '--once', '--demo'], ownEnv, 120_000)
    expect(failed.code, failed.stderr).toBe(1)
    expect(failed.stderr).toMatch(/cannot start/)
    expect(existsSync(join(own, 'data', 'demo-warehouse.lock'))).toBe(false)
    rmSync(join(own, 'data', 'demo.db'), { recursive: true })
    const next = await runCli(['run', '--once', '--demo'], ownEnv, 120_000)
    expect(next.code, next.stderr).toBe(0)
    expect(next.stderr).toMatch(/demo warehouse reopened and topped up/)
    expect(next.stderr).not.toMatch(/starting afresh|could not be opened/)
    rmSync(own, { recursive: true, force: true })
  })
})
