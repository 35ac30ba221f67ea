// The settings window in real Chromium over the real settings service: the JSON file, the
// secret vault (in memory here; the desktop's is safeStorage), field errors, and the checks.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openMomentsStore, type Store } from '../../main/core/store/store.ts'
import { cardProblems } from '../core/channels/teams/adaptiveCards.ts'
import { type GeneratedWarehouse, generatedWarehouse } from '../support/generatedMoments.ts'
import { closeCheckingProblems, screenshot } from '../support/historyPage.ts'
import { type OpenPage, type RendererHarness, startRendererHarness } from '../support/rendererBridge.ts'
import { TeamsStandIn } from '../support/teamsStandIn.ts'
import { type TestDesktop, type TestDesktopOptions, testDesktop } from '../support/testDesktop.ts'

let warehouse: GeneratedWarehouse
let harness: RendererHarness
let dir: string
let store: Store
const desktops: TestDesktop[] = []
const opened: OpenPage[] = []

beforeAll(async () => {
  ;[warehouse, harness] = await Promise.all([
    generatedWarehouse({ events: 300, days: 1, end: new Date() }),
    startRendererHarness(),
  ])
  dir = mkdtempSync(join(tmpdir(), 'moments-settings-'))
  store = openMomentsStore(join(dir, 'moments.db'))
})

afterAll(async () => {
  await harness?.close()
  store?.close()
  for (const d of desktops) d.close()
  await warehouse?.drop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

afterEach(() => closeCheckingProblems(opened))

async function settingsWindow(
  options: Partial<TestDesktopOptions> = {},
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ page: Page; desktop: TestDesktop }> {
  const desktop = testDesktop({ store, warehouse, ...options })
  desktops.push(desktop)
  const p = await harness.open(desktop.handlers, {
    route: 'settings',
    colorScheme,
    viewport: { width: 900, height: 1000 },
  })
  opened.push(p)
  await p.page.getByRole('heading', { name: 'Settings' }).waitFor()
  return { page: p.page, desktop }
}

const fieldError = (page: Page, field: string) => page.getByTestId(`error-${field}`)

describe('the settings window', () => {
  it('on first run says the demo is running and how to leave it', async () => {
    const { page } = await settingsWindow()
    await page.getByTestId('settings-demo-banner').waitFor()
    expect(await page.getByLabel('Warehouse URL').inputValue()).toBe('')
    await screenshot(page, 'settings-light', { fullPage: true })
    const dark = await settingsWindow({}, 'dark')
    await dark.page.getByTestId('settings-demo-banner').waitFor()
    await screenshot(dark.page, 'settings-dark', { fullPage: true })
  })

  it('shows each field’s mistake next to it and saves nothing until all are fixed', async () => {
    const { page, desktop } = await settingsWindow()
    await page.getByLabel('Warehouse URL').fill('mysql://reader@warehouse.example.com/analytics')
    await page.getByLabel('Check for new events every').fill('15x')
    await page.getByLabel('Check for new events every').blur()
    await expect
      .poll(() => fieldError(page, 'warehouseUrl').textContent())
      .toContain('Must be a postgres:// or redshift:// URL')
    expect(await fieldError(page, 'pollInterval').textContent()).toContain('"15x" is not a duration')
    await page.getByLabel('Keep history for').fill('6h')
    await page.getByLabel('Keep history for').blur()
    await expect.poll(() => fieldError(page, 'retention').textContent()).toContain('At least 1d')

    await page.getByLabel('No notifications from').check()
    await page.getByLabel('Quiet hours start').fill('22:00')
    await page.getByLabel('Quiet hours end').fill('22:00')
    await page.getByLabel('Summary instead of a flood').fill('0')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByTestId('save-problems').waitFor()
    expect(await fieldError(page, 'quietHours').textContent()).toContain('same time')
    expect(await fieldError(page, 'digestThreshold').textContent()).toContain('Between 1 and 1000')
    expect(await page.evaluate('document.activeElement?.id')).toBe('warehouseUrl')
    await screenshot(page, 'settings-errors')
    expect(desktop.settings.current().warehouseUrl).toBeNull()
    expect(desktop.settings.current().quietHours.enabled).toBe(false)
  })

  it('checks a rules file and names each bad rule with the reason', async () => {
    const rules = join(dir, 'rules.yaml')
    writeFileSync(
      rules,
      `rules:
  - id: code-test
    name: Tested code
    when: event.method ==
    message: "{{user_name}} tested code"
  - id: pricing
    name: Pricing
    when: event.url.startsWith("/pricing")
    message: pricing
  - id: pricing
    name: Pricing again
    when: "true"
    message: again
  - id: docs
    name: Docs
    when: event.source == "website"
    message: docs
    snooze: 3 days
`,
    )
    const { page, desktop } = await settingsWindow()
    await page.getByLabel('Rules file').fill(rules)
    await page.getByLabel('Rules file').blur()
    const errors = fieldError(page, 'rulesPath')
    await expect.poll(() => errors.locator('li').count()).toBe(3)
    const items = await errors.locator('li').allTextContents()
    expect(items[0]).toMatch(/^code-testwhen: /)
    expect(items[1]).toBe('pricingid is used by an earlier rule')
    expect(items[2]).toMatch(/^docssnooze: /)
    expect(await errors.locator('code.rule-id').allTextContents()).toEqual(['code-test', 'pricing', 'docs'])

    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByTestId('save-problems').waitFor()
    expect(desktop.settings.current().rulesPath).toBeNull()

    writeFileSync(rules, readFileSync(join(import.meta.dirname, '../../main/core/rules/defaultRules.yaml')))
    await page.getByRole('button', { name: 'Check' }).click()
    await page.getByText(/All \d+ rules load fine\./).waitFor()
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Saved.').waitFor()
    expect(desktop.settings.current().rulesPath).toBe(rules)
  })

  it('tests the warehouse connection against the real database', async () => {
    const { page } = await settingsWindow()
    await page.getByLabel('Warehouse URL').fill(warehouse.url)
    await page.getByRole('button', { name: 'Test connection' }).click()
    // A real session and a real query: on a loaded machine that is more than expect.poll's 1 s.
    const checked = { timeout: 15_000 }
    await expect
      .poll(() => page.locator('.check').first().textContent(), checked)
      .toMatch(/✓ .*returns the contract columns/)
    const port = new URL(warehouse.url).port
    await page.getByLabel('Warehouse URL').fill(warehouse.url.replace(`:${port}/`, ':1/'))
    await page.getByRole('button', { name: 'Test connection' }).click()
    await expect
      .poll(() => page.locator('.check').first().textContent(), checked)
      .toMatch(/✗ .*(ECONNREFUSED|connect)/)
  })

  it('lists the account fields rules read with the org’s labels, and saves the fields to read', async () => {
    // As the last ownership refresh left the book: the fields read, described by the org.
    store.accounts.replace(warehouse.book, 'salesforce', Date.now())
    const { page, desktop } = await settingsWindow()
    const listed = await page.$$eval('[data-testid="account-field-labels"] li', (items) =>
      items.map((item) => item.textContent),
    )
    expect(listed).toEqual([
      'Account Name Name string',
      'Account Type Type picklist',
      'Industry Industry picklist',
      'Annual Revenue AnnualRevenue currency',
      'Renewal Date Renewal_Date__c date',
    ])
    const input = page.getByLabel('Account fields rules can read')
    expect(await input.inputValue()).toBe('')
    await input.fill('Type, Renewal_Date__c,  Owner.Name')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Saved.').waitFor()
    const saved = () => JSON.parse(readFileSync(join(desktop.dataDir, 'desktop-settings.json'), 'utf8'))
    expect(saved().accountFields).toEqual(['Type', 'Renewal_Date__c', 'Owner.Name'])
    await page.getByTestId('account-field-labels').scrollIntoViewIfNeeded()
    await screenshot(page, 'settings-account-fields')

    // Emptied: the defaults again (null), not "read none".
    await input.fill('')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => saved().accountFields).toBeNull()
  })

  it('keeps secrets in the vault, never in the file or the window', async () => {
    const { page, desktop } = await settingsWindow()
    await page
      .getByLabel('Warehouse URL')
      .fill('postgres://reader:s3cret-pw@warehouse.example.com:5439/analytics')
    await page.getByRole('button', { name: 'Save' }).click()
    // A warehouse outside the demo needs to know whose accounts to keep.
    await expect
      .poll(() => fieldError(page, 'salesforceInstanceUrl').textContent())
      .toContain('Enter your Salesforce address')

    await page.getByLabel('Your Salesforce address').fill('https://example.my.salesforce.com/')
    await page.getByLabel('Or paste an access token').fill('00Dxx!token-value')
    await page.getByRole('radio', { name: 'Incoming webhook' }).check()
    await page.getByLabel('Webhook URL').fill('https://hooks.slack.com/services/T0/B0/hook-secret')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Saved.').waitFor()

    const file = readFileSync(join(desktop.dataDir, 'desktop-settings.json'), 'utf8')
    for (const secret of ['s3cret-pw', 'token-value', 'hook-secret']) {
      expect(file).not.toContain(secret)
      expect(await page.content()).not.toContain(secret)
    }
    expect(JSON.parse(file)).toMatchObject({
      warehouseUrl: 'postgres://reader@warehouse.example.com:5439/analytics',
      salesforceInstanceUrl: 'https://example.my.salesforce.com',
      slackMode: 'webhook',
    })
    expect(await desktop.vault.get('warehousePassword')).toBe('s3cret-pw')
    expect(await desktop.vault.get('salesforceAccessToken')).toBe('00Dxx!token-value')
    expect(await desktop.vault.get('slackWebhookUrl')).toBe(
      'https://hooks.slack.com/services/T0/B0/hook-secret',
    )
    expect(await page.getByLabel('Password').getAttribute('placeholder')).toContain('Saved in your keychain')
    expect(await page.getByTestId('settings-demo-banner').count()).toBe(0)

    const config = await desktop.settings.config()
    expect(config.warehouse.url).toBe('postgres://reader:s3cret-pw@warehouse.example.com:5439/analytics')
    expect(config.salesforce?.accessToken).toBe('00Dxx!token-value')

    await page.getByRole('button', { name: 'Send test message' }).click()
    await page.getByText('Posted a test message to slack').waitFor()
    expect(desktop.did.channelTests[0]).toMatchObject({
      type: 'slack',
      settings: { webhookUrl: 'https://hooks.slack.com/services/T0/B0/hook-secret' },
    })

    await page.getByRole('button', { name: 'Remove' }).first().click()
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Saved.').waitFor()
    expect(await desktop.vault.get('warehousePassword')).toBeNull()
  })

  it('says what "only when I’m away" can mean on a desktop that cannot tell idle time or the lock', async () => {
    const { page } = await settingsWindow({ awayDetection: { idle: false, lock: false } })
    await page.getByRole('radio', { name: 'Incoming webhook' }).check()
    await page.getByRole('radio', { name: 'Only when I’m away from this computer' }).check()
    await expect
      .poll(() => page.getByTestId('away-limit').textContent())
      .toContain('every moment goes to Slack, as with Always')
    await page.getByTestId('away-limit').scrollIntoViewIfNeeded()
    await screenshot(page, 'settings-away-wayland')
    await page.getByRole('radio', { name: 'Always' }).check()
    expect(await page.getByTestId('away-limit').count()).toBe(0)

    const x11 = await settingsWindow({ awayDetection: { idle: true, lock: false } })
    await x11.page.getByRole('radio', { name: 'Incoming webhook' }).check()
    await x11.page.getByRole('radio', { name: 'Only when I’m away from this computer' }).check()
    await expect.poll(() => x11.page.getByTestId('away-limit').textContent()).toContain('away means idle')

    const mac = await settingsWindow({ awayDetection: { idle: true, lock: true } })
    await mac.page.getByRole('radio', { name: 'Incoming webhook' }).check()
    await mac.page.getByRole('radio', { name: 'Only when I’m away from this computer' }).check()
    await mac.page.getByLabel('Away after (minutes idle or screen locked)').waitFor()
    expect(await mac.page.getByTestId('away-limit').count()).toBe(0)
  })

  it('sets up Microsoft Teams from its settings entry, keeps the URL in the vault, and sends a real test card', async () => {
    const teams = new TeamsStandIn()
    await teams.start()
    try {
      const { page, desktop } = await settingsWindow({ realChannelTests: true })
      const section = page.getByRole('region', { name: 'Microsoft Teams' })
      await section.getByRole('radio', { name: 'Workflows webhook' }).check()
      await section.getByLabel('Webhook URL').fill('http://not-https.example/x')
      await section.getByLabel('Webhook URL').blur()
      await page.getByRole('button', { name: 'Save' }).click()
      await expect.poll(() => fieldError(page, 'teamsWebhookUrl').textContent()).toContain('https://')

      await section.getByLabel('Webhook URL').fill(teams.webhookUrl)
      await page.getByRole('button', { name: 'Save' }).click()
      await page.getByText('Saved.').waitFor()
      expect(JSON.parse(readFileSync(join(desktop.dataDir, 'desktop-settings.json'), 'utf8'))).toMatchObject({
        teamsMode: 'webhook',
        teamsForward: 'always',
      })
      expect(readFileSync(join(desktop.dataDir, 'desktop-settings.json'), 'utf8')).not.toContain(teams.sig)
      expect(await page.content()).not.toContain(teams.sig)
      expect(await desktop.vault.get('teamsWebhookUrl')).toBe(teams.webhookUrl)

      // "Away after" is one setting for every channel: with Slack off, Teams' section shows it.
      await section.getByRole('radio', { name: 'Only when I’m away from this computer' }).check()
      await section.getByLabel('Away after (minutes idle or screen locked)').waitFor()
      await page.getByRole('button', { name: 'Revert' }).click()

      await section.getByRole('button', { name: 'Send test message' }).click()
      await section.getByText('Sent a test card to the webhook’s channel').waitFor()
      expect(teams.cards).toHaveLength(1)
      expect(cardProblems(teams.cards[0]?.card)).toEqual([])
      await screenshot(page, 'settings-teams', { fullPage: true })
    } finally {
      await teams.close()
    }
  })

  it('signs in to Salesforce through the desktop’s OAuth flow and out again', async () => {
    const asked: string[] = []
    const { page, desktop } = await settingsWindow({
      salesforce: {
        async signIn(instanceUrl) {
          asked.push(instanceUrl)
          return {
            accessToken: 'oauth-access',
            refreshToken: 'oauth-refresh',
            instanceUrl: 'https://acme.my.salesforce.com',
            username: 'am@acme.com',
            userId: '005000000000001AAA',
          }
        },
        async revoke() {},
      },
    })
    await page.getByLabel('Your Salesforce address').fill('https://acme.my.salesforce.com')
    await page.getByRole('button', { name: 'Sign in with Salesforce' }).click()
    await page.getByText('Signed in as am@acme.com').first().waitFor()
    expect(asked).toEqual(['https://acme.my.salesforce.com'])
    expect(await desktop.vault.get('salesforceRefreshToken')).toBe('oauth-refresh')
    expect(desktop.settings.current().salesforceSignedInAs).toBe('am@acme.com')
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('button', { name: 'Sign in with Salesforce' }).waitFor()
    expect(await desktop.vault.get('salesforceAccessToken')).toBeNull()
  })
})
