import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError } from '../../../main/core/config/configErrors.ts'
import { configFromDesktopSettings } from '../../../main/desktop/service/desktopConfig.ts'
import { memorySecretVault } from '../../../main/desktop/service/secretVault.ts'
import { settingsFile } from '../../../main/desktop/service/settingsFile.ts'
import {
  createSettingsService,
  type SettingsServiceDeps,
} from '../../../main/desktop/service/settingsService.ts'
import { defaultDesktopSettings } from '../../../shared/settings/desktopSettings.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function service(deps: Partial<SettingsServiceDeps> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'moments-settings-'))
  dirs.push(dataDir)
  const vault = deps.vault ?? memorySecretVault()
  const saved: unknown[] = []
  const settings = createSettingsService({ dataDir, vault, onSaved: (s) => void saved.push(s), ...deps })
  return { settings, vault, dataDir, saved, file: join(dataDir, 'desktop-settings.json') }
}

const SALESFORCE = {
  salesforceInstanceUrl: 'https://acme.my.salesforce.com',
  salesforceAccessToken: 'sf-token',
}

describe('desktop settings', () => {
  it('start as the demo with sensible defaults and no file', async () => {
    const { settings, file } = service()
    expect(await settings.view()).toMatchObject({
      demo: true,
      warehouseUrl: null,
      pollInterval: '15s',
      slackMode: 'off',
      digestThreshold: 5,
      quietHours: { enabled: false, from: '20:00', to: '08:00' },
    })
    expect(existsSync(file)).toBe(false)
    const config = await settings.config()
    expect(config.origin).toEqual({ kind: 'demo', reason: 'no-config' })
  })

  it('give the account fields to the config; null (the defaults) leaves the key out', async () => {
    const { settings } = service()
    await settings.save({ warehouseUrl: 'postgres://reader@wh.example.com/analytics', ...SALESFORCE })
    expect((await settings.config()).salesforce).not.toHaveProperty('accountFields')
    expect(await settings.save({ accountFields: ['Type', ' Renewal_Date__c ', ''] })).toMatchObject({
      ok: true,
    })
    expect((await settings.config()).salesforce?.accountFields).toEqual(['Type', 'Renewal_Date__c'])
    expect(await settings.save({ accountFields: null })).toMatchObject({
      ok: true,
      view: { accountFields: null },
    })
    expect((await settings.config()).salesforce).not.toHaveProperty('accountFields')
  })

  it('save only what the patch names, file and vault apart', async () => {
    const { settings, vault, file, saved } = service()
    const answer = await settings.save({
      warehouseUrl: 'postgres://reader:p%40ss@wh.example.com:5439/analytics',
      pollInterval: '1m',
      ...SALESFORCE,
    })
    expect(answer).toMatchObject({
      ok: true,
      view: { demo: false, secretsSaved: { warehousePassword: true } },
    })
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      warehouseUrl: 'postgres://reader@wh.example.com:5439/analytics',
      pollInterval: '1m',
      salesforceInstanceUrl: 'https://acme.my.salesforce.com',
    })
    expect(readFileSync(file, 'utf8')).not.toMatch(/p%40ss|p@ss|sf-token/)
    expect(await vault.get('warehousePassword')).toBe('p@ss')
    expect(saved).toHaveLength(1)

    await settings.save({ digestThreshold: 12 })
    expect(settings.current()).toMatchObject({ digestThreshold: 12, pollInterval: '1m' })
    await settings.save({ warehousePassword: '' })
    expect(await vault.get('warehousePassword')).toBeNull()
  })

  it('report every problem on its field and change nothing', async () => {
    const { settings, file } = service()
    const answer = await settings.save({
      warehouseUrl: 'mysql://x',
      pollInterval: '2s',
      retention: '6h',
      salesforceInstanceUrl: 'http://example.com',
      ownerFields: ['Owner Id'],
      slackMode: 'bot',
      slackChannel: 'not a channel!',
      quietHours: { enabled: true, from: '09:00', to: '09:00' },
      rulesPath: 'relative/rules.yaml',
    })
    expect(answer.ok).toBe(false)
    const fields = answer.ok ? [] : answer.errors.map((e) => e.field)
    expect(fields.sort()).toEqual(
      [
        'warehouseUrl',
        'pollInterval',
        'retention',
        'salesforceInstanceUrl',
        'ownerFields',
        'slackChannel',
        'slackBotToken',
        'quietHours',
        'rulesPath',
      ].sort(),
    )
    expect(existsSync(file)).toBe(false)
    expect(settings.current()).toEqual(defaultDesktopSettings())
  })

  it('name the bad rules of a rules file with their reasons', async () => {
    const { settings, dataDir } = service()
    const path = join(dataDir, 'rules.yaml')
    writeFileSync(
      path,
      'rules:\n  - id: a\n    name: A\n    when: "event.x =="\n    message: m\n  - id: b\n    when: "true"\n',
    )
    const check = await settings.validateRules(path)
    expect(check.ok).toBe(false)
    const errors = check.ok ? [] : check.errors
    expect(errors[0]).toMatchObject({ field: 'rulesPath', ruleId: 'a' })
    expect(errors[0]?.message).toMatch(/^when: /)
    expect(errors.filter((e) => e.ruleId === 'b').map((e) => e.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^name: /), expect.stringMatching(/^message: /)]),
    )
    expect(await settings.validateRules(join(dataDir, 'missing.yaml'))).toEqual({
      ok: false,
      errors: [{ field: 'rulesPath', message: 'Cannot read this file: no such file' }],
    })
  })

  it('refuse a rules file over 1 MiB without parsing it', async () => {
    const { settings, dataDir } = service()
    const path = join(dataDir, 'huge.yaml')
    writeFileSync(path, `rules: []\n${'#'.repeat(1_100_000)}\n`)
    expect(await settings.validateRules(path)).toEqual({
      ok: false,
      errors: [
        {
          field: 'rulesPath',
          message: expect.stringMatching(/^Cannot read this file: it is larger than 1024 KiB/),
        },
      ],
    })
  })

  it('need Salesforce before leaving the demo', async () => {
    const { settings } = service()
    const answer = await settings.save({ warehouseUrl: 'postgres://reader@wh.example.com/analytics' })
    expect(answer).toEqual({
      ok: false,
      errors: [{ field: 'salesforceInstanceUrl', message: expect.stringContaining('Salesforce address') }],
    })
    const half = await settings.save({
      warehouseUrl: 'postgres://reader@wh.example.com/analytics',
      salesforceInstanceUrl: 'https://acme.my.salesforce.com',
    })
    expect(half.ok ? [] : half.errors.map((e) => e.field)).toEqual(['salesforceAccessToken'])
  })

  it('sign in through the injected OAuth flow, and out, revoking', async () => {
    const revoked: unknown[] = []
    const { settings, vault } = service({
      salesforce: {
        signIn: async () => ({
          accessToken: 'at',
          refreshToken: 'rt',
          instanceUrl: 'https://acme.my.salesforce.com',
          username: 'am@acme.com',
          userId: '005000000000001AAA',
        }),
        revoke: async (tokens) => void revoked.push(tokens),
      },
    })
    expect(await settings.salesforceSignIn('ftp://nope')).toMatchObject({ ok: false })
    expect(await settings.salesforceSignIn('https://acme.my.salesforce.com')).toEqual({
      ok: true,
      detail: 'Signed in as am@acme.com',
    })
    expect(settings.current()).toMatchObject({
      salesforceSignedInAs: 'am@acme.com',
      salesforceUserId: '005000000000001AAA',
    })
    expect(await vault.get('salesforceRefreshToken')).toBe('rt')
    // Another org: the old sign-in no longer applies.
    await settings.save({ salesforceInstanceUrl: 'https://other.my.salesforce.com' })
    expect(settings.current().salesforceSignedInAs).toBeNull()
    expect(await vault.get('salesforceAccessToken')).toBeNull()

    await settings.salesforceSignIn('https://acme.my.salesforce.com')
    await settings.salesforceSignOut()
    // Once when the org changed, once on signing out.
    expect(revoked).toEqual([
      { accessToken: 'at', refreshToken: 'rt' },
      { accessToken: 'at', refreshToken: 'rt' },
    ])
    expect(await vault.get('salesforceRefreshToken')).toBeNull()
  })

  it('say why sign-in, Slack tests and connection tests failed, without throwing', async () => {
    const { settings } = service({
      salesforce: {
        signIn: async () => {
          throw new Error('the browser sign-in was cancelled')
        },
      },
      sendChannelTest: async () => {
        throw new Error('invalid_auth')
      },
    })
    expect(await settings.salesforceSignIn('https://acme.my.salesforce.com')).toEqual({
      ok: false,
      detail: 'the browser sign-in was cancelled',
    })
    expect(await settings.testChannel('slack')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('first'),
    })
    await settings.save({ slackMode: 'webhook', slackWebhookUrl: 'https://hooks.slack.com/services/T/B/x' })
    expect(await settings.testChannel('slack')).toEqual({ ok: false, detail: 'invalid_auth' })
    expect(await settings.testWarehouse({ url: 'mysql://x' })).toMatchObject({ ok: false })
    const refused = await settings.testWarehouse({ url: 'postgres://reader@127.0.0.1:1/analytics' })
    expect(refused.ok).toBe(false)
  })

  it('move a damaged file aside and start from the defaults', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'moments-settings-'))
    dirs.push(dataDir)
    const problems: string[] = []
    const file = settingsFile(
      dataDir,
      (p) => problems.push(p),
      () => 42,
    )
    writeFileSync(file.path, '{"warehouseUrl": 7')
    expect(file.load()).toEqual(defaultDesktopSettings())
    expect(readdirSync(dataDir)).toEqual(['desktop-settings.json.invalid-42'])
    expect(problems[0]).toMatch(/not valid JSON/)

    writeFileSync(file.path, JSON.stringify({ digestThreshold: 0 }))
    expect(file.load().digestThreshold).toBe(5)
    expect(problems[1]).toMatch(/digestThreshold/)
    // A key from a newer version is dropped, not fatal.
    writeFileSync(file.path, JSON.stringify({ digestThreshold: 9, someday: true }))
    expect(file.load().digestThreshold).toBe(9)
  })
})

describe('the core config from the desktop settings', () => {
  const dataDir = '/data/moments'

  it('is the demo without a warehouse, with the user’s rules and Slack', () => {
    const config = configFromDesktopSettings(
      { ...defaultDesktopSettings(), rulesPath: '/rules.yaml', slackMode: 'webhook' },
      { slackWebhookUrl: 'https://hooks.slack.com/services/T/B/x' },
      dataDir,
    )
    expect(config).toMatchObject({
      origin: { kind: 'demo' },
      rules: { kind: 'file', path: '/rules.yaml' },
      channels: { slack: { webhookUrl: 'https://hooks.slack.com/services/T/B/x' } },
      statePath: '/data/moments/demo.db',
    })
  })

  it('puts the vault’s password into the warehouse URL and the token into Salesforce', () => {
    const config = configFromDesktopSettings(
      {
        ...defaultDesktopSettings(),
        warehouseUrl: 'postgres://reader@wh.example.com:5439/analytics',
        pollInterval: '30s',
        retention: '52w',
        salesforceInstanceUrl: 'https://acme.my.salesforce.com',
        salesforceUserId: '005000000000001AAA',
        slackMode: 'bot',
        slackChannel: '#moments',
      },
      { warehousePassword: 'p@ss word', salesforceAccessToken: 'at', slackBotToken: 'xoxb-1' },
      dataDir,
    )
    expect(config.warehouse).toMatchObject({
      url: 'postgres://reader:p%40ss%20word@wh.example.com:5439/analytics',
      pollInterval: 30_000,
      query: 'SELECT * FROM enriched_events',
    })
    expect(config.salesforce).toMatchObject({
      accessToken: 'at',
      userId: '005000000000001AAA',
      ownerFields: ['OwnerId'],
    })
    expect(config.channels.slack).toMatchObject({ botToken: 'xoxb-1', channel: '#moments' })
    expect(config.statePath).toBe('/data/moments/moments.db')
    expect(config.retentionMs).toBe(52 * 7 * 86_400_000)
    expect(config.origin).toEqual({ kind: 'file', path: '/data/moments/desktop-settings.json' })
  })

  it('names the setting that cannot work', () => {
    const settings = { ...defaultDesktopSettings(), warehouseUrl: 'postgres://wh/analytics' }
    expect(() => configFromDesktopSettings(settings, {}, dataDir)).toThrow(ConfigError)
    expect(() => configFromDesktopSettings(settings, {}, dataDir)).toThrow(/salesforce: sign in/)
    const badPoll = {
      ...settings,
      salesforceInstanceUrl: 'https://a.my.salesforce.com',
      pollInterval: 'soon',
    }
    expect(() => configFromDesktopSettings(badPoll, { salesforceAccessToken: 't' }, dataDir)).toThrow(
      /warehouse\.pollInterval/,
    )
  })
})
