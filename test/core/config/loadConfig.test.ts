import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../../main/core/config/configErrors.ts'
import { loadConfig } from '../../../main/core/config/loadConfig.ts'

const BASE = `
warehouse:
  url: postgres://reader@warehouse.example.com:5439/analytics
  pollInterval: 15s
  lookback: 2m
salesforce:
  instanceUrl: https://example.my.salesforce.com
  accessToken: env:MOMENTS_SALESFORCE_TOKEN
  ownerFields: [OwnerId, Solutions_Engineer__c]
rules: ./rules.yaml
state: ./moments.db
`

function write(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'moments-config-'))
  const path = join(dir, 'moments.yaml')
  writeFileSync(path, text)
  return { dir, path }
}

const env = { MOMENTS_SALESFORCE_TOKEN: 'token-from-env', MOMENTS_DATA_DIR: '/tmp/moments-data' }

function problemsOf(text: string, extraEnv: Record<string, string> = {}): string[] {
  const { path } = write(text)
  try {
    loadConfig({ configFlag: path, env: { ...env, ...extraEnv } })
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('moments.yaml', () => {
  it('reads the documented example (docs/config.md), with env: secrets and paths relative to the file', () => {
    const { dir, path } = write(BASE)
    const config = loadConfig({ configFlag: path, env })
    expect(config.origin).toEqual({ kind: 'file', path })
    expect(config.warehouse.pollInterval).toBe(15_000)
    expect(config.warehouse.lookback).toBe(120_000)
    expect(config.warehouse.query).toBe('SELECT * FROM enriched_events')
    expect(config.salesforce?.accessToken).toBe('token-from-env')
    expect(config.salesforce?.ownerFields).toEqual(['OwnerId', 'Solutions_Engineer__c'])
    expect(config.salesforce?.refresh).toBe(600_000)
    expect(config.rules).toEqual({ kind: 'file', path: join(dir, 'rules.yaml') })
    expect(config.statePath).toBe(join(dir, 'moments.db'))
    expect(config.retentionMs).toBe(180 * 86_400_000)
  })

  it('keeps moments for the retention: 0 for ever, less than a day refused', () => {
    const retentionOf = (value: string) =>
      loadConfig({ configFlag: write(`${BASE}retention: ${value}\n`).path, env }).retentionMs
    expect(retentionOf('90d')).toBe(90 * 86_400_000)
    expect(retentionOf('0')).toBe(0)
    expect(problemsOf(`${BASE}retention: 12h\n`)).toEqual([
      expect.stringMatching(/retention: must be 0 \(keep everything\) or at least 1d/),
    ])
  })

  it('falls back to MOMENTS_WAREHOUSE_URL and the user data dir', () => {
    const config = loadConfig({
      configFlag: write(BASE.replace(/ {2}url: .*\n/, '').replace('state: ./moments.db\n', '')).path,
      env: { ...env, MOMENTS_WAREHOUSE_URL: 'postgres://from-env/db' },
    })
    expect(config.warehouse.url).toBe('postgres://from-env/db')
    expect(config.statePath).toBe('/tmp/moments-data/moments.db')
  })

  it('takes a redshift:// URL, and names a misspelt sslmode', () => {
    const redshift = BASE.replace(
      'postgres://reader@warehouse.example.com:5439/analytics',
      'redshift://reader@cluster.abc123.eu-west-1.redshift.amazonaws.com:5439/analytics?sslmode=verify-full',
    )
    expect(loadConfig({ configFlag: write(redshift).path, env }).warehouse.url).toMatch(/^redshift:\/\//)
    expect(problemsOf(redshift.replace('verify-full', 'strict'))[0]).toMatch(
      /warehouse\.url: sslmode=strict: use one of disable, allow, prefer, require, verify-ca, verify-full/,
    )
  })

  it('names a misspelt key', () => {
    expect(problemsOf(BASE.replace('pollInterval', 'pollIntervall'))).toEqual([
      expect.stringMatching(/warehouse\.pollIntervall: unknown key$/),
    ])
  })

  it('names a bad duration and says what a duration looks like', () => {
    const [problem] = problemsOf(BASE.replace('lookback: 2m', 'lookback: 2 minutes'))
    expect(problem).toMatch(/warehouse\.lookback: "2 minutes" is not a duration \(use 0, 90s/)
  })

  it('names a wrong type', () => {
    expect(
      problemsOf(BASE.replace('ownerFields: [OwnerId, Solutions_Engineer__c]', 'ownerFields: OwnerId')),
    ).toEqual([expect.stringMatching(/salesforce\.ownerFields: .*expected array/)])
  })

  it('names an env: reference whose variable is not set', () => {
    const { path } = write(BASE)
    expect(() => loadConfig({ configFlag: path, env: { MOMENTS_DATA_DIR: '/tmp/x' } })).toThrow(
      /salesforce\.accessToken: environment variable MOMENTS_SALESFORCE_TOKEN is not set/,
    )
  })

  it('gives the line of a YAML syntax error', () => {
    expect(problemsOf('warehouse:\n  url: [unclosed\n')[0]).toMatch(/moments\.yaml:\d+:\d+: not valid YAML/)
  })

  it('requires Salesforce, so that only owned accounts are shown', () => {
    expect(problemsOf('warehouse:\n  url: postgres://h/db\n')[0]).toMatch(/salesforce: required/)
  })

  it('reports a --config file that does not exist', () => {
    expect(() => loadConfig({ configFlag: '/nonexistent/moments.yaml', env })).toThrow(
      /--config: config file not found/,
    )
  })

  it('means the demo when there is no config at all', () => {
    const config = loadConfig({ env: { MOMENTS_CONFIG_DIR: '/nonexistent', MOMENTS_DATA_DIR: '/tmp/d' } })
    expect(config.origin).toEqual({ kind: 'demo', reason: 'no-config' })
    expect(config.statePath).toBe('/tmp/d/demo.db')
    expect(config.rules).toEqual({ kind: 'default' })
  })

  it('finds the config in the user config dir, then in MOMENTS_CONFIG', () => {
    const { dir, path } = write(BASE)
    expect(loadConfig({ env: { ...env, MOMENTS_CONFIG_DIR: dir } }).origin).toEqual({ kind: 'file', path })
    expect(loadConfig({ env: { ...env, MOMENTS_CONFIG: path } }).origin).toEqual({ kind: 'file', path })
  })

  it('accepts inline rules and a Slack webhook', () => {
    const config = loadConfig({
      configFlag: write(
        `${BASE.replace('rules: ./rules.yaml', 'rules:\n  - id: x\n    name: X\n    when: "true"\n    message: m')}slack:\n  webhookUrl: https://hooks.slack.com/services/T/B/C\n`,
      ).path,
      env,
    })
    expect(config.rules.kind).toBe('inline')
    expect(config.channels.slack?.webhookUrl).toBe('https://hooks.slack.com/services/T/B/C')
  })

  it('requires a channel with a bot token', () => {
    expect(problemsOf(`${BASE}slack:\n  botToken: xoxb-1\n`)).toEqual([
      expect.stringMatching(/slack\.channel: is required/),
    ])
  })
})
