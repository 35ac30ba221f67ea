// Acting on a moment from the history's detail pane, in real Chromium over the real services: the
// draft reaches main's shell as a mailto: URL, the Task reaches the Salesforce stand-in through
// jsforce, a refusal is shown with Salesforce's reason, and the list follows what was done.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { fixedToken } from '../../main/core/actions/salesforceTask.ts'
import type { StoredMoment as Moment } from '../../main/core/store/moments.ts'
import type { Store } from '../../main/core/store/store.ts'
import {
  type GeneratedWarehouse,
  generatedWarehouse,
  recordFromWarehouse,
} from '../support/generatedMoments.ts'
import {
  closeCheckingProblems,
  openMoment,
  screenshot,
  waitForTotal,
  windowQuery,
} from '../support/historyPage.ts'
import { type OpenPage, type RendererHarness, startRendererHarness } from '../support/rendererBridge.ts'
import { SalesforceStandIn } from '../support/salesforceStandIn.ts'
import { standInUser } from '../support/standInBook.ts'
import { inspectableStore } from '../support/stateDb.ts'
import { type TestDesktop, testDesktop } from '../support/testDesktop.ts'

const NOW = Date.now()
const owner = standInUser(1, 'Avery Owner')

let warehouse: GeneratedWarehouse
let harness: RendererHarness
let standIn: SalesforceStandIn
let dir: string
let store: Store
let desktop: TestDesktop
const opened: OpenPage[] = []

beforeAll(async () => {
  ;[warehouse, harness] = await Promise.all([
    generatedWarehouse({ events: 1_200, days: 3, end: new Date(NOW) }),
    startRendererHarness(),
  ])
  dir = mkdtempSync(join(tmpdir(), 'moments-actions-'))
  store = inspectableStore(join(dir, 'moments.db'))
  await recordFromWarehouse(store, warehouse, { forwardTo: [], now: NOW })
  standIn = new SalesforceStandIn({
    accounts: warehouse.owned.map((a) => ({ id: a.id, name: a.name, people: { OwnerId: owner } })),
    currentUser: owner,
  })
  await standIn.start()
  desktop = testDesktop({
    store,
    warehouse,
    salesforceInstanceUrl: standIn.url,
    salesforceAccess: () => ({
      instanceUrl: standIn.url,
      token: fixedToken(standIn.accessToken),
      timeoutMs: 5_000,
    }),
  })
})

afterAll(async () => {
  await harness?.close()
  await standIn?.close()
  store?.close()
  desktop?.close()
  await warehouse?.drop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

afterEach(() => closeCheckingProblems(opened))

async function open(options: Parameters<RendererHarness['open']>[1] = {}): Promise<Page> {
  const p = await harness.open(desktop.handlers, options)
  opened.push(p)
  return p.page
}

/** Shows only `moment`'s account and rule, so its row is on screen, and opens it. */
async function showAndOpen(page: Page, moment: Moment): Promise<void> {
  await page.getByRole('combobox', { name: 'Account', exact: true }).selectOption(moment.accountId)
  await page.getByLabel('Rule', { exact: true }).selectOption(moment.rule)
  await waitForTotal(
    page,
    store.moments.count(windowQuery({ accountId: moment.accountId, ruleId: moment.rule })),
  )
  await openMoment(page, moment.id)
}

/** A moment nothing was done about yet, of a delivered moment with (or without) a user e-mail. */
function untouched(withEmail: boolean): Moment {
  const found = store.moments
    .list({ status: 'delivered', notActed: true }, { limit: 5_000 })
    .find((m) => (typeof m.event.user_email === 'string' && m.event.user_email !== '') === withEmail)
  if (!found) throw new Error(`no delivered moment ${withEmail ? 'with' : 'without'} a user e-mail`)
  return found
}

const actionsPane = (page: Page) => page.getByTestId('moment-actions')

describe('acting on a moment in the history window', () => {
  it('reaches out: main opens the mail client with the draft to the event’s user; the row says so', async () => {
    const page = await open()
    const moment = untouched(true)
    await showAndOpen(page, moment)
    await actionsPane(page).getByRole('button', { name: 'Reach out' }).click()

    await expect.poll(() => desktop.did.openedUrls.filter((u) => u.startsWith('mailto:')).length).toBe(1)
    const url = desktop.did.openedUrls.at(-1) as string
    const [to, query] = url.slice('mailto:'.length).split('?')
    expect(decodeURIComponent(to as string)).toBe(moment.event.user_email)
    expect(query).toMatch(/^subject=[^&]+&body=[^&]+$/)
    expect(url.length).toBeLessThanOrEqual(2_000)
    await expect
      .poll(() => actionsPane(page).getByRole('status').textContent())
      .toBe(`E-mail drafted in your mail client to ${moment.event.user_email as string}.`)
    expect(store.actions.of(moment.id).map((a) => a.kind)).toEqual(['email'])
    expect(store.moments.get(moment.id)?.readAt).not.toBeNull()
    await page.locator(`[data-moment-id="${moment.id}"] .chip.acted.email`).waitFor()
    // Another e-mail is fine: the button stays.
    expect(await actionsPane(page).getByRole('button', { name: 'Reach out' }).isEnabled()).toBe(true)
    await screenshot(page, 'actions-reached-out')
  })

  it('logs to Salesforce: a completed Task on the account, its Id shown, the button settled', async () => {
    const page = await open()
    const moment = untouched(false)
    await showAndOpen(page, moment)
    const tasksBefore = standIn.tasks.length
    await actionsPane(page).getByRole('button', { name: 'Log to Salesforce' }).click()

    await expect.poll(() => standIn.tasks.length).toBe(tasksBefore + 1)
    const task = standIn.tasks.at(-1)
    if (!task) throw new Error('no Task')
    expect(task.fields).toMatchObject({ WhatId: moment.accountId, OwnerId: owner.id, Status: 'Completed' })
    await expect
      .poll(() => actionsPane(page).getByRole('status').textContent())
      .toBe(`Logged to Salesforce as Task ${task.id}: it shows in the account's activity timeline.`)
    expect(store.actions.of(moment.id)).toEqual([{ kind: 'log', at: expect.any(String), ref: task.id }])
    await expect
      .poll(() => actionsPane(page).getByRole('button', { name: 'Log to Salesforce ✓' }).isDisabled())
      .toBe(true)
    expect(await actionsPane(page).getByRole('list', { name: 'What was done' }).textContent()).toContain(
      `Task ${task.id}`,
    )
    await page.locator(`[data-moment-id="${moment.id}"] .chip.acted.log`).waitFor()
    await screenshot(page, 'actions-logged')
  })

  it('shows Salesforce’s reason for a refusal and leaves the moment unlogged', async () => {
    const page = await open({ colorScheme: 'dark' })
    const moment = untouched(false)
    standIn.taskPolicy.canCreate = false
    try {
      await showAndOpen(page, moment)
      const tasksBefore = standIn.tasks.length
      await actionsPane(page).getByRole('button', { name: 'Log to Salesforce' }).click()
      await expect
        .poll(() => actionsPane(page).getByRole('alert').textContent())
        .toBe(
          'Not logged to Salesforce: Salesforce refused it (HTTP 400): INSUFFICIENT_ACCESS_OR_READONLY: insufficient access rights on object id',
        )
      expect(standIn.tasks.length).toBe(tasksBefore)
      expect(store.actions.of(moment.id)).toEqual([])
      expect(await actionsPane(page).getByRole('button', { name: 'Log to Salesforce' }).isEnabled()).toBe(
        true,
      )
      await screenshot(page, 'actions-refused-dark')
    } finally {
      standIn.taskPolicy.canCreate = true
    }
  })

  it('shows an action taken from its notification in the open moment, without reopening it', async () => {
    const p = await harness.open(desktop.handlers)
    opened.push(p)
    const { page } = p
    const moment = untouched(false)
    await showAndOpen(page, moment)
    await actionsPane(page).getByRole('button', { name: 'Done' }).waitFor()
    // As main does for a notification's action: the worker acts, then main tells the windows.
    await desktop.handlers['moments.act']({ id: moment.id, kind: 'done' })
    await p.emit('moments.changed', { added: 0 })
    await actionsPane(page).getByRole('button', { name: 'Done ✓' }).waitFor()
    expect(await page.getByTestId('detail-title').count()).toBe(1)
    expect(store.actions.of(moment.id).map((a) => a.kind)).toEqual(['done'])
  })

  it('marks done and not useful once each, and the filter shows what was not acted on yet', async () => {
    const page = await open()
    const done = untouched(false)
    await showAndOpen(page, done)
    await actionsPane(page).getByRole('button', { name: 'Done' }).click()
    await actionsPane(page).getByRole('button', { name: 'Done ✓' }).waitFor()
    expect(await actionsPane(page).getByRole('button', { name: 'Done ✓' }).isDisabled()).toBe(true)

    const noise = untouched(false)
    await showAndOpen(page, noise)
    await actionsPane(page).getByRole('button', { name: 'Not useful' }).click()
    await expect
      .poll(() => actionsPane(page).getByRole('status').textContent())
      .toBe('Marked not useful: it counts against this rule in Preview rules.')
    expect(store.actions.of(done.id).map((a) => a.kind)).toEqual(['done'])
    expect(store.actions.of(noise.id).map((a) => a.kind)).toEqual(['noise'])

    await page.getByRole('button', { name: 'Clear filters' }).click()
    await waitForTotal(page, store.moments.count(windowQuery({})))
    await page.getByLabel('Not acted on yet').check()
    const notActed = store.moments.count(windowQuery({ notActed: true }))
    // Acted on in this file: the reach-out, the log, the one done from its notification, and
    // the two just now (the refused log left its moment unlogged).
    expect(notActed).toBe(store.moments.count(windowQuery({})) - 5)
    await waitForTotal(page, notActed)
    await expect.poll(() => page.locator('[data-moment-id] .chip.acted').count()).toBe(0)
    expect(await page.locator(`[data-moment-id="${done.id}"]`).count()).toBe(0)
    await screenshot(page, 'actions-not-acted-filter')
  })
})
