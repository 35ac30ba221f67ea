// The history window in real Chromium over the real services and a store filled by the
// generator through the real pipeline.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { recordBatch } from '../../main/core/pipeline/recordBatch.ts'
import { accountFieldsUsed } from '../../main/core/rules/accountFieldsUsed.ts'
import { loadRules } from '../../main/core/rules/loadRules.ts'
import { openMomentsStore, type Store } from '../../main/core/store/store.ts'
import {
  type GeneratedWarehouse,
  generatedWarehouse,
  recordFromWarehouse,
  settleOutbox,
} from '../support/generatedMoments.ts'
import {
  closeCheckingProblems,
  firstRowId,
  openMoment,
  renderedIds,
  screenshot,
  waitForTotal,
  windowQuery,
} from '../support/historyPage.ts'
import { type OpenPage, type RendererHarness, startRendererHarness } from '../support/rendererBridge.ts'
import { inspectableStore, stateDb } from '../support/stateDb.ts'
import { type TestDesktop, testDesktop } from '../support/testDesktop.ts'

const NOW = Date.now()
const HOUR = 3_600_000

let warehouse: GeneratedWarehouse
let harness: RendererHarness
let dir: string
let store: Store
let desktop: TestDesktop
let momentRows: Record<string, unknown>[]
const opened: OpenPage[] = []

beforeAll(async () => {
  ;[warehouse, harness] = await Promise.all([
    generatedWarehouse({ events: 4_200, days: 7, end: new Date(NOW) }),
    startRendererHarness(),
  ])
  dir = mkdtempSync(join(tmpdir(), 'moments-history-'))
  store = inspectableStore(join(dir, 'moments.db'))
  // As the ownership refresh leaves it: the book with its accounts' fields and the org's labels.
  store.accounts.replace(warehouse.book, 'salesforce', NOW)
  ;({ momentRows } = await recordFromWarehouse(store, warehouse, { forwardTo: ['slack:#moments'], now: NOW }))
  // One forward in seven fails for good: the "failed to forward" filter has something to show.
  settleOutbox(store, 'slack:#moments', (id) => Number.parseInt(id.slice(0, 6), 16) % 7 === 0, NOW)
  desktop = testDesktop({ store, warehouse, salesforceInstanceUrl: 'https://acme.my.salesforce.com' })
})

afterAll(async () => {
  await harness?.close()
  store?.close()
  desktop?.close()
  await warehouse?.drop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

afterEach(() => closeCheckingProblems(opened))

async function open(
  options: Parameters<RendererHarness['open']>[1] = {},
  d: TestDesktop = desktop,
): Promise<Page> {
  const p = await harness.open(d.handlers, options)
  opened.push(p)
  return p.page
}

describe('the history window', () => {
  it('lists every moment newest first, with the total and the sync status', async () => {
    const page = await open()
    const total = store.moments.count(windowQuery({}))
    expect(store.moments.count({})).toBeGreaterThan(300)
    expect(total).toBeGreaterThan(150)
    await waitForTotal(page, total)
    const newest = store.moments.list(windowQuery({}), { limit: 5 })
    expect((await renderedIds(page)).slice(0, 5)).toEqual(newest.map((m) => m.id))
    await expect
      .poll(() => page.getByTestId('sync-status').textContent())
      .toMatch(/Waiting for the first sync|Synced/)
    await screenshot(page, 'history-light')
  })

  it('searches with the store’s full-text index', async () => {
    const page = await open()
    const account = warehouse.owned[0]?.name.split(' ')[0] as string
    const expected = store.moments.count(windowQuery({ search: account }))
    expect(expected).toBeGreaterThan(0)
    await page.getByLabel('Search moments').fill(account)
    await waitForTotal(page, expected)
    const texts = await page.$$eval('[data-moment-id]', (rows) => rows.map((r) => r.textContent ?? ''))
    for (const text of texts) expect(text.toLowerCase()).toContain(account.toLowerCase())
  })

  it('filters by account, rule, severity, status, forward failure, unread and dates', async () => {
    const page = await open()
    const total = store.moments.count(windowQuery({}))
    await waitForTotal(page, total)
    const someone = store.moments.list({}, { limit: 1 })[0]
    if (!someone) throw new Error('no moments')

    await page.getByRole('combobox', { name: 'Account', exact: true }).selectOption(someone.accountId)
    await waitForTotal(page, store.moments.count(windowQuery({ accountId: someone.accountId })))
    await page.getByRole('combobox', { name: 'Account', exact: true }).selectOption('')

    await page.getByLabel('Rule').selectOption('events-loaded')
    await waitForTotal(page, store.moments.count(windowQuery({ ruleId: 'events-loaded' })))
    await page.getByLabel('Status').selectOption('snoozed')
    await waitForTotal(page, store.moments.count({ ruleId: 'events-loaded', status: 'snoozed' }))
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await waitForTotal(page, total)

    await page.getByLabel('Severity').selectOption('high')
    await waitForTotal(page, store.moments.count(windowQuery({ severity: 'high' })))
    await page.getByLabel('Severity').selectOption('')

    const failed = store.moments.count(windowQuery({ forwardFailed: true }))
    expect(failed).toBeGreaterThan(0)
    await page.getByLabel('Status').selectOption('failed')
    await waitForTotal(page, failed)
    await expect.poll(() => page.locator('.chip.failed').count()).toBeGreaterThan(0)
    await page.getByLabel('Status').selectOption('')

    const day = new Date(NOW - 2 * 86_400_000)
    const iso = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`
    await page.getByLabel('From').fill(iso)
    await page.getByLabel('To').fill(iso)
    const since = new Date(day.getFullYear(), day.getMonth(), day.getDate()).getTime()
    await waitForTotal(
      page,
      store.moments.count(windowQuery({ sinceMs: since, untilMs: since + 86_400_000 })),
    )
    await page.getByRole('button', { name: 'Clear filters' }).click()

    await page.getByLabel('Unread only').check()
    await waitForTotal(page, store.moments.count(windowQuery({ unreadOnly: true })))
  })

  it('opens a moment: message, every event field, why you got it, and marks it read', async () => {
    const page = await open()
    const id = await firstRowId(page)
    const moment = store.moments.get(id)
    if (!moment) throw new Error('missing')
    await openMoment(page, id)
    await expect.poll(() => page.getByTestId('detail-title').textContent()).toBe(moment.ruleName)
    expect(await page.getByTestId('detail-message').textContent()).toBe(moment.body)

    await page.getByRole('button', { name: /^Show \d+ empty fields?$/ }).click()
    const fields = await page.$$eval('[data-testid="event-fields"] tr', (rows) =>
      rows.map((r) => [r.querySelector('th')?.textContent, r.querySelector('td')?.textContent]),
    )
    expect(fields).toEqual(Object.entries(moment.event).map(([k, v]) => [k, v === null ? 'null' : String(v)]))

    const why = page.getByTestId('why')
    expect(await why.textContent()).toContain(moment.ruleWhen)
    expect(await why.textContent()).toContain(moment.rule)
    await expect.poll(() => store.moments.get(id)?.readAt).not.toBeNull()

    await page.getByRole('button', { name: 'Open in Salesforce' }).click()
    await expect
      .poll(() => desktop.did.openedUrls)
      .toContain(`https://acme.my.salesforce.com/lightning/r/Account/${moment.accountId}/view`)
    await screenshot(page, 'detail-light')

    await page.getByRole('button', { name: 'Mark unread' }).click()
    await expect.poll(() => store.moments.get(id)?.readAt).toBeNull()
  })

  it('shows the account as Salesforce had it, and the account fields the condition read', async () => {
    // A rule on the account: the pricing rules read its Type and renewal date, events-loaded its Type.
    const target =
      store.moments.list({ ruleId: 'pricing-page-visit' }, { limit: 1 })[0] ??
      store.moments.list({ ruleId: 'events-loaded' }, { limit: 1 })[0]
    if (!target?.account) throw new Error('no moment of a rule on the account, with its fields')
    const page = await open({ pushedBeforeLoad: [['navigate', { momentId: target.id }]] })
    await expect.poll(() => page.getByTestId('detail-title').textContent()).toBe(target.ruleName)

    const rows = await page.$$eval('[data-testid="account-fields"] tr', (trs) =>
      trs.map((r) => [r.querySelector('th')?.textContent, r.querySelector('td')?.textContent]),
    )
    const values = target.account
    const expected: [string, string][] = [
      ['Account Name', String(values.Name)],
      ['Account Type', String(values.Type)],
      ['Industry', String(values.Industry)],
      ['Annual Revenue', Number(values.AnnualRevenue).toLocaleString('en-US')],
    ]
    if (values.Renewal_Date__c) expected.push(['Renewal Date', String(values.Renewal_Date__c)])
    expect(rows).toEqual(expected)

    const why = await page.getByTestId('why-account').textContent()
    expect(why).toContain(`Account Type account.Type (${String(values.Type)})`)
    if (target.rule === 'pricing-page-visit') {
      expect(why).toContain(
        `Renewal Date account.Renewal_Date__c (${values.Renewal_Date__c ? String(values.Renewal_Date__c) : 'no value'})`,
      )
    }
    await page.getByTestId('account-fields').scrollIntoViewIfNeeded()
    await screenshot(page, 'detail-account')
  })

  it('leaves the Account section out when no account fields were read', async () => {
    const page = await open()
    const id = await firstRowId(page)
    // A moment recorded before account fields were read (or with accountFields: []) has none.
    stateDb(store).prepare('UPDATE moments SET account = NULL WHERE id = ?').run(id)
    await openMoment(page, id)
    await page.getByTestId('why').waitFor()
    expect(await page.getByTestId('account-fields').count()).toBe(0)
    // A condition that reads the account (guarded with has()) saw none of its fields.
    const read = accountFieldsUsed(store.moments.get(id)?.ruleWhen ?? '')
    if (read.length === 0) expect(await page.getByTestId('why-account').count()).toBe(0)
    else {
      const why = (await page.getByTestId('why-account').textContent()) ?? ''
      for (const path of read) expect(why).toMatch(new RegExp(`account\\.${path} \\(no value\\)`))
    }
  })

  it('explains a snoozed moment and what was folded into a shown one', async () => {
    const page = await open()
    // Whichever rule the generated week folds: the test follows the default rules as they evolve.
    const folded = store.moments.list({ status: 'delivered' }, { limit: 5_000 }).find((m) => m.folded > 0)
    if (!folded) throw new Error('the generated week folded no moment into another')
    await page.getByRole('combobox', { name: 'Account', exact: true }).selectOption(folded.accountId)
    await page.getByLabel('Rule').selectOption(folded.rule)
    await page.getByLabel('Status').selectOption('snoozed')
    const query = { accountId: folded.accountId, ruleId: folded.rule, status: 'snoozed' as const }
    await waitForTotal(page, store.moments.count(query))
    const snoozed = store.moments.list(query, { limit: 1 })[0]
    if (!snoozed) throw new Error('no snoozed moment')
    await openMoment(page, snoozed.id)
    await expect
      .poll(() => page.getByTestId('why').textContent())
      .toMatch(/Not shown: a moment of this rule for the same account.* was shown within \w+ of it\./)

    await page.getByLabel('Status').selectOption('delivered')
    await page.locator(`[data-moment-id="${folded.id}"]`).waitFor()
    await openMoment(page, folded.id)
    await expect
      .poll(() => page.getByTestId('why').textContent())
      .toContain(
        `${folded.folded} similar moment${folded.folded === 1 ? ' was' : 's were'} folded into this one`,
      )
  })

  it('snoozes an account and mutes a rule for the chosen time, in the store, and resumes them', async () => {
    const page = await open()
    const id = await firstRowId(page)
    const moment = store.moments.get(id)
    if (!moment) throw new Error('missing')
    await openMoment(page, id)
    const before = Date.now()
    await page.getByLabel('Snooze this account for').selectOption({ label: 'for 1 day' })
    await expect.poll(() => store.mutes.activeUntil('account', moment.accountId, Date.now())).not.toBeNull()
    const until = store.mutes.activeUntil('account', moment.accountId, Date.now()) as number
    expect(until).toBeGreaterThanOrEqual(before + 24 * HOUR)
    expect(until).toBeLessThanOrEqual(Date.now() + 24 * HOUR)
    await page.getByText('Account snoozed until').waitFor()

    await page.getByLabel('Mute this rule for').selectOption({ label: 'for 1 week' })
    await expect
      .poll(() => store.mutes.activeUntil('rule', moment.rule, Date.now()))
      .toBeGreaterThan(before + 7 * 24 * HOUR - 1)
    await page.getByText('Rule muted until').waitFor()
    await screenshot(page, 'detail-muted')

    // The pipeline honours the snooze: the account's next moment is recorded, not shown.
    const row = momentRows.find((r) => r.account_id === moment.accountId && r.event_id !== moment.eventIds[0])
    if (row) {
      const later = { ...row, event_id: `${row.event_id as string}~after-snooze` }
      const outcome = recordBatch([later], {
        store,
        rules: loadRules({ kind: 'default' }),
        owned: new Map(warehouse.owned.map((a) => [a.id, a])),
        forwardTo: [],
        warehouseKey: null,
        lookbackMs: 0,
        now: Date.now(),
        note: () => {},
      })
      for (const m of outcome.moments)
        expect(m.snoozeReason === 'account-muted' || m.snoozeReason === 'rule-muted').toBe(true)
    }

    await page.getByRole('button', { name: 'Resume' }).first().click()
    await expect.poll(() => store.mutes.activeUntil('account', moment.accountId, Date.now())).toBeNull()
    await page.getByText('Account snoozed until').waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'Resume' }).click()
    await expect.poll(() => store.mutes.activeUntil('rule', moment.rule, Date.now())).toBeNull()
  })

  it('draws the account’s moments per day by rule', async () => {
    const page = await open()
    const id = await firstRowId(page)
    const moment = store.moments.get(id)
    if (!moment) throw new Error('missing')
    await openMoment(page, id)
    const timeline = page.getByTestId('timeline')
    await timeline.locator('.recharts-bar-rectangle').first().waitFor()
    const rules = stateDb(store)
      .prepare<[string, number], { n: number }>(
        'SELECT count(DISTINCT rule_id) AS n FROM moments WHERE account_id = ? AND occurred_at >= ?',
      )
      .get(moment.accountId, NOW - 13 * 86_400_000)?.n
    await expect.poll(() => timeline.locator('.recharts-legend-item').count()).toBe(rules)
  })

  it('is driven from the keyboard: / searches, ↓ ↑ move, Enter opens, Esc closes', async () => {
    const page = await open()
    await firstRowId(page)
    const ids = (await renderedIds(page)).slice(0, 3)
    await page.locator('body').press('/')
    expect(await page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Search moments')
    await page.keyboard.press('Escape')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('Enter')
    await page.getByTestId('detail-pane').waitFor()
    expect(await page.locator('.moment-row.open').getAttribute('data-moment-id')).toBe(ids[0])
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => page.locator('.moment-row.open').getAttribute('data-moment-id')).toBe(ids[1])
    await page.keyboard.press('Escape')
    await page.getByTestId('detail-pane').waitFor({ state: 'detached' })
    await page.locator('body').press('/')
    await page.keyboard.type('zzzz-nothing-matches')
    await page.getByText('No moments match these filters.').waitFor()
    await page.keyboard.press('Escape')
    await waitForTotal(page, store.moments.count(windowQuery({})))
  })

  it('marks everything read at once', async () => {
    const d = testDesktop({ store, warehouse })
    try {
      const page = await open({}, d)
      await firstRowId(page)
      await page.getByRole('button', { name: 'Mark all read' }).click()
      await expect.poll(() => store.moments.count({ unreadOnly: true })).toBe(0)
      await expect.poll(() => page.locator('.moment-row.unread').count()).toBe(0)
    } finally {
      d.close()
    }
  })

  it('follows main: new moments appear, a notification opens its moment or its digest', async () => {
    const p = await harness.open(desktop.handlers)
    opened.push(p)
    const { page } = p
    const before = store.moments.count(windowQuery({}))
    await waitForTotal(page, before)
    // A never-snoozed rule without `once`: a copy of its event is always a new moment.
    const failure = store.moments.list({ ruleId: 'input-add-failed' }, { limit: 1 })[0]
    const row = momentRows.find((r) => r.event_id === failure?.eventIds[0])
    if (!row) throw new Error('no input-add-failed moment in the generated week')
    const justNow = new Date().toISOString().replace('T', ' ').replace('Z', '+00')
    const fresh = {
      ...row,
      event_id: `${row.event_id as string}~fresh`,
      occurred_at: justNow,
      loaded_at: justNow,
    }
    recordBatch([fresh], {
      store,
      rules: loadRules({ kind: 'default' }),
      owned: null,
      forwardTo: [],
      warehouseKey: null,
      lookbackMs: 0,
      now: Date.now(),
      note: () => {},
    })
    const after = store.moments.count(windowQuery({}))
    expect(after).toBeGreaterThan(before)
    await p.emit('moments.changed', { added: after - before })
    await waitForTotal(page, after)

    const target = store.moments.list({ ruleId: 'input-add-failed' }, { limit: 1 })[0]
    if (!target) throw new Error('no input-add-failed moment')
    await p.emit('navigate', { momentId: target.id })
    await expect.poll(() => page.getByTestId('detail-title').textContent()).toBe(target.ruleName)

    const digest = store.moments.list({ status: 'delivered' }, { limit: 12 }).map((m) => m.id)
    await p.emit('navigate', { filter: { ids: digest } })
    await waitForTotal(page, 12)
    expect(await page.getByTestId('result-count').textContent()).toContain('from a notification')
  })

  it('opens the moment of a notification clicked as the window opened, before the page listened', async () => {
    const target = store.moments.list({ status: 'delivered' }, { limit: 40 }).at(-1)
    if (!target) throw new Error('no delivered moment')
    const page = await open({ pushedBeforeLoad: [['navigate', { momentId: target.id }]] })
    await expect.poll(() => page.getByTestId('detail-title').textContent()).toBe(target.ruleName)
    expect(await page.getByTestId('detail-message').textContent()).toBe(target.body)
    await screenshot(page, 'history-opened-from-notification')
  })

  it('shows the demo banner, whose button opens the settings', async () => {
    const page = await open()
    await page.getByTestId('demo-banner').waitFor()
    await page.getByRole('button', { name: 'Connect your warehouse' }).click()
    await page.getByRole('heading', { name: 'Settings' }).waitFor()
    expect(page.url()).toMatch(/#\/settings$/)

    const withWindow = testDesktop({ store, warehouse, openSettings: true })
    try {
      const other = await open({}, withWindow)
      await other.getByRole('button', { name: 'Connect your warehouse' }).click()
      await expect.poll(() => withWindow.did.settingsOpened).toBe(1)
      expect(other.url()).toMatch(/#\/history$/)
    } finally {
      withWindow.close()
    }
  })

  it('shows catch-up progress and sync errors in the header', async () => {
    const d = testDesktop({ store, warehouse })
    try {
      d.status.phase = 'catching-up'
      d.status.catchUp = { percent: 42, rows: 12_345 }
      const p = await harness.open(d.handlers)
      opened.push(p)
      await expect
        .poll(() => p.page.getByTestId('sync-status').textContent())
        .toContain('Catching up: 42% · 12,345 events')
      expect(await p.page.locator('progress').getAttribute('value')).toBe('42')
      await p.emit('status.changed', {
        phase: 'error',
        lastSuccessAt: null,
        lastError: 'cannot reach the warehouse at postgres://reader@wh/analytics: timeout',
        catchUp: null,
        pausedUntil: null,
        demo: true,
        unread: 3,
      })
      await expect
        .poll(() => p.page.getByTestId('sync-status').textContent())
        .toContain('Sync failed: cannot reach the warehouse')
      await p.page.getByRole('button', { name: 'Sync now' }).click()
      await expect.poll(() => d.did.syncs).toBe(1)
    } finally {
      d.close()
    }
  })

  it('has an empty state, and an error state when the history cannot be read', async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'moments-empty-'))
    const empty = openMomentsStore(join(emptyDir, 'moments.db'))
    const d = testDesktop({ store: empty })
    try {
      const page = await open({}, d)
      await page.getByText('No moments yet.').waitFor()
      await screenshot(page, 'history-empty')
      empty.close()
      const broken = await harness.open(d.handlers)
      await broken.page.getByText('The history could not be read.').waitFor()
      await broken.close()
    } finally {
      d.close()
      rmSync(emptyDir, { recursive: true, force: true })
    }
  })

  it('looks right in dark mode too', async () => {
    const page = await open({ colorScheme: 'dark' })
    const id = await firstRowId(page)
    await screenshot(page, 'history-dark')
    await openMoment(page, id)
    await page.getByTestId('timeline').locator('.recharts-bar-rectangle').first().waitFor()
    const background = await page.evaluate('getComputedStyle(document.body).backgroundColor')
    expect(background).toBe('rgb(18, 20, 25)')
    await screenshot(page, 'detail-dark')
  })
})

describe('the history as threads', () => {
  /** The delivered moment with the most repeats, and its repeats newest first. */
  function biggestThread() {
    const delivered = store.moments.list({ status: 'delivered' }, { limit: 100_000 })
    const repeats = store.threads.repeatsOf(delivered.map((m) => m.seq))
    const head = delivered
      .filter((m) => repeats.has(m.seq))
      .sort((a, b) => (repeats.get(b.seq)?.count ?? 0) - (repeats.get(a.seq)?.count ?? 0))[0]
    if (!head) throw new Error('the generated week has no snoozed repeat')
    const thread = store.threads.repeats(head.id, { limit: 1_000, offset: 0 })
    return { head, repeats: thread.items, count: thread.total }
  }

  /** Shows only the thread's account and rule, so its delivered moment is on screen. */
  async function showThreadOf(page: Page, head: { accountId: string; rule: string }) {
    await page.getByRole('combobox', { name: 'Account', exact: true }).selectOption(head.accountId)
    await page.getByLabel('Rule').selectOption(head.rule)
    await waitForTotal(
      page,
      store.moments.count(windowQuery({ accountId: head.accountId, ruleId: head.rule })),
    )
  }

  it('lists no repeat on its own: each is counted on its delivered moment, collapsed', async () => {
    const page = await open()
    await waitForTotal(page, store.moments.count(windowQuery({})))
    // The store holds repeats, and the first screen shows none of them as a row.
    expect(store.moments.count({})).toBeGreaterThan(store.moments.count(windowQuery({})))
    const onScreen = await renderedIds(page)
    for (const id of onScreen) expect(store.moments.get(id)?.threadSeq).toBeNull()

    const { head, count, repeats } = biggestThread()
    await showThreadOf(page, head)
    const row = page.locator(`[data-moment-id="${head.id}"]`)
    const toggle = row.getByTestId('thread-toggle')
    await expect.poll(() => toggle.textContent()).toMatch(new RegExp(`^▸ ${count} repeats?, last `))
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    expect(await toggle.getAttribute('title')).toContain('Snoozed repeats, last')
    expect(count).toBe(repeats.length)
    await screenshot(page, 'history-thread-collapsed')
  })

  it('opens a thread beneath its moment, newest repeat first, paged, and a repeat shows its own detail', async () => {
    const page = await open()
    const { head, repeats, count } = biggestThread()
    await showThreadOf(page, head)
    const toggle = page.locator(`[data-moment-id="${head.id}"]`).getByTestId('thread-toggle')
    await toggle.click()
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true')
    // The toggle opens the thread, not the moment.
    expect(await page.getByTestId('detail-pane').count()).toBe(0)
    const first = repeats.slice(0, 20).map((m) => m.id)
    await page.locator(`[data-moment-id="${first[0]}"]`).waitFor()
    await screenshot(page, 'history-thread-open')
    // Only the rows in view are in the DOM: those right beneath the moment are its newest repeats.
    const ids = await renderedIds(page)
    const at = ids.indexOf(head.id)
    const beneath = ids.slice(at + 1).filter((id) => first.includes(id))
    expect(beneath.length).toBeGreaterThanOrEqual(Math.min(first.length, 5))
    expect(ids.slice(at + 1, at + 1 + beneath.length)).toEqual(first.slice(0, beneath.length))
    const list = page.getByTestId('moment-list')
    if (count > 20) {
      // Scrolled down to the end of the first 20: the line that fetches the next ones.
      for (let i = 0; i < 40 && (await page.getByTestId('more-repeats').count()) === 0; i++)
        await list.evaluate((el) => el.scrollBy(0, 240))
      await page.getByTestId('more-repeats').click()
      await page.locator(`[data-moment-id="${repeats[20]?.id}"]`).waitFor()
    } else {
      await list.evaluate((el) => el.scrollTo(0, el.scrollHeight))
      expect(await page.getByTestId('more-repeats').count()).toBe(0)
    }
    await list.evaluate((el) => el.scrollTo(0, 0))

    const repeat = repeats[0]
    if (!repeat) throw new Error('no repeat')
    await openMoment(page, repeat.id)
    await expect.poll(() => page.getByTestId('detail-message').textContent()).toBe(repeat.body)
    await expect.poll(() => page.getByTestId('why').textContent()).toMatch(/Not shown/)
    await screenshot(page, 'history-thread-repeat-detail')

    await toggle.click()
    await expect.poll(() => page.locator('.moment-row.repeat').count()).toBe(0)
  })

  it('lists every snoozed moment on its own under the Snoozed filter', async () => {
    const page = await open()
    const { head, repeats } = biggestThread()
    await page.getByLabel('Status').selectOption('snoozed')
    await waitForTotal(page, store.moments.count({ status: 'snoozed' }))
    await page.getByRole('combobox', { name: 'Account', exact: true }).selectOption(head.accountId)
    await page.getByLabel('Rule').selectOption(head.rule)
    const query = { accountId: head.accountId, ruleId: head.rule, status: 'snoozed' as const }
    await waitForTotal(page, store.moments.count(query))
    expect(store.moments.count(query)).toBeGreaterThanOrEqual(repeats.length)
    await page.locator(`[data-moment-id="${repeats[0]?.id}"]`).waitFor()
    expect(await page.getByTestId('thread-toggle').count()).toBe(0)
    expect(await page.locator('.moment-row.repeat').count()).toBe(0)
    await screenshot(page, 'history-thread-snoozed-filter')
  })

  it('finds a thread by a word of one of its repeats, and opens on the repeats that match', async () => {
    const page = await open()
    // A word of some repeat that its delivered moment does not hold.
    const words = (text: string) => new Set(text.toLowerCase().match(/[a-z]{5,}/g) ?? [])
    let found: { word: string; head: string } | null = null
    for (const repeat of store.moments.list({ status: 'snoozed' }, { limit: 5_000 })) {
      if (repeat.threadSeq === null) continue
      const headId = store.threads.idOf(repeat.threadSeq) as string
      const head = store.moments.get(headId)
      if (!head) continue
      const own = words(`${head.title} ${head.body} ${head.accountName}`)
      const word = [...words(`${repeat.title} ${repeat.body}`)].find((w) => !own.has(w))
      if (word) {
        found = { word, head: headId }
        break
      }
    }
    if (!found) throw new Error('no repeat has a word its delivered moment lacks')
    const query = windowQuery({ search: found.word })
    expect(store.moments.list(query, { limit: 10_000 }).map((m) => m.id)).toContain(found.head)
    await page.getByLabel('Search moments').fill(found.word)
    await waitForTotal(page, store.moments.count(query))
    const head = store.moments.get(found.head)
    if (!head) throw new Error('gone')
    await page.getByRole('combobox', { name: 'Account', exact: true }).selectOption(head.accountId)
    await page.getByLabel('Rule').selectOption(head.rule)
    const toggle = page.locator(`[data-moment-id="${found.head}"]`).getByTestId('thread-toggle')
    const matching = store.threads.repeats(found.head, { limit: 500, offset: 0 }, found.word)
    expect(matching.total).toBeGreaterThan(0)
    await expect.poll(() => toggle.textContent()).toMatch(new RegExp(`^▸ ${matching.total} repeats?,`))
    await toggle.click()
    await page.locator(`[data-moment-id="${matching.items[0]?.id}"]`).waitFor()
    expect(await page.locator('.moment-row.repeat[data-moment-id]').count()).toBe(
      Math.min(matching.total, 20),
    )
    const texts = await page.$$eval('.moment-row.repeat[data-moment-id]', (rows) =>
      rows.map((r) => r.textContent ?? ''),
    )
    for (const text of texts) expect(text.toLowerCase()).toContain(found.word)
    await screenshot(page, 'history-thread-search')
  })

  it('is driven from the keyboard: → opens a thread, ↓ reaches its repeats, ← closes it', async () => {
    const page = await open()
    const { head, repeats } = biggestThread()
    await showThreadOf(page, head)
    const ids = await renderedIds(page)
    const at = ids.indexOf(head.id)
    expect(at).toBeGreaterThanOrEqual(0)
    await page.getByTestId('moment-list').focus()
    await page.keyboard.press('Home')
    for (let i = 0; i < at; i++) await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowRight')
    await page.locator(`[data-moment-id="${repeats[0]?.id}"]`).waitFor()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.locator('.moment-row.open').getAttribute('data-moment-id'))
      .toBe(repeats[0]?.id)
    await expect.poll(() => page.getByTestId('detail-message').textContent()).toBe(repeats[0]?.body)
    await page.keyboard.press('ArrowDown')
    if (repeats[1])
      await expect
        .poll(() => page.locator('.moment-row.open').getAttribute('data-moment-id'))
        .toBe(repeats[1].id)
    await page.keyboard.press('Escape')
    await page.keyboard.press('ArrowLeft')
    await expect.poll(() => page.locator('.moment-row.repeat').count()).toBe(0)
    expect(await page.locator('.moment-row.active').getAttribute('data-moment-id')).toBe(head.id)
  })
})
