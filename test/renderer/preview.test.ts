// "Preview rules" (issue 8's backtest in the history window) in real Chromium: the generated
// week replayed through the real pipeline in scratch state, per rule, with a second rules file
// side by side; the user's store is left exactly as it was.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_RULES_PATH, loadRules } from '../../main/core/rules/loadRules.ts'
import type { Store } from '../../main/core/store/store.ts'
import type { Response } from '../../shared/ipc/contract.ts'
import {
  type GeneratedWarehouse,
  generatedWarehouse,
  recordFromWarehouse,
} from '../support/generatedMoments.ts'
import { screenshot } from '../support/historyPage.ts'
import { type RendererHarness, startRendererHarness } from '../support/rendererBridge.ts'
import { inspectableStore, stateDb } from '../support/stateDb.ts'
import { type TestDesktop, testDesktop } from '../support/testDesktop.ts'

let warehouse: GeneratedWarehouse
let harness: RendererHarness
let dir: string
let store: Store
let desktop: TestDesktop

beforeAll(async () => {
  ;[warehouse, harness] = await Promise.all([
    generatedWarehouse({ events: 4_200, days: 7, end: new Date() }),
    startRendererHarness(),
  ])
  dir = mkdtempSync(join(tmpdir(), 'moments-preview-'))
  store = inspectableStore(join(dir, 'moments.db'))
  await recordFromWarehouse(store, warehouse)
  desktop = testDesktop({ store, warehouse })
})

afterAll(async () => {
  await harness?.close()
  store?.close()
  desktop?.close()
  await warehouse?.drop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function snapshot(s: Store) {
  return {
    moments: s.moments.count({}),
    unread: s.moments.count({ unreadOnly: true }),
    mutes: s.mutes.listActive(0).length,
    once: stateDb(s).prepare('SELECT count(*) AS n FROM once_keys').get(),
    snooze: stateDb(s).prepare('SELECT count(*) AS n FROM snooze_state').get(),
  }
}

describe('Preview rules', () => {
  it('replays the last 7 days per rule beside what the user did about them, leaving the history alone', async () => {
    // The user reached out about two moments of one rule, logged one, and found one not useful.
    const shown = store.moments.list({ status: 'delivered' }, { limit: 5_000 })
    const rule = shown[0]?.rule
    const ofRule = shown.filter((m) => m.rule === rule)
    if (ofRule.length < 4) throw new Error(`too few delivered moments of ${rule}`)
    const at = Date.now() - 60_000
    store.actions.add(ofRule[0]?.id as string, 'email', at)
    store.actions.add(ofRule[1]?.id as string, 'email', at)
    store.actions.add(ofRule[2]?.id as string, 'log', at, '00T5g0000000001EAA')
    store.actions.add(ofRule[3]?.id as string, 'noise', at)
    const before = snapshot(store)
    const open = await harness.open(desktop.handlers, { route: 'preview' })
    const { page } = open
    await page.getByRole('button', { name: 'Run preview' }).click()
    const table = page.getByTestId('preview-table')
    await table.waitFor({ timeout: 30_000 })

    const call = open.calls.find((c) => c.channel === 'rules.preview')
    const answer = (await desktop.handlers['rules.preview'](
      call?.request as never,
    )) as Response<'rules.preview'>
    expect(answer.rules.map((r) => r.rule)).toEqual(loadRules({ kind: 'default' }).map((r) => r.id))
    expect(answer.totals.matches).toBeGreaterThan(0)
    expect(answer.accounts).toBe(warehouse.owned.length)

    const body = await table
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())),
      )
    expect(body.map((cells) => cells.slice(0, 5))).toEqual(
      answer.rules.map((r) => [
        r.rule,
        ...[r.matches, r.delivered, r.snoozed, r.suppressed].map((n) => n.toLocaleString('en-GB')),
      ]),
    )
    const cut = Math.round((1 - answer.totals.delivered / answer.totals.matches) * 100)
    expect(await page.getByTestId('preview-summary').textContent()).toContain(`cut ${cut}%`)

    // Beside the replay, from the user's history of the same period: delivered, acted on, not
    // useful, never acted on, each with its share of the delivered.
    const usageCall = open.calls.find((c) => c.channel === 'rules.usage')
    expect(usageCall?.request).toEqual({
      sinceMs: (call?.request as { sinceMs: number } | undefined)?.sinceMs,
      untilMs: expect.any(Number),
    })
    const usage = (await desktop.handlers['rules.usage'](
      usageCall?.request as never,
    )) as Response<'rules.usage'>
    const mine = usage.usage.find((u) => u.rule === rule)
    expect(mine).toMatchObject({ acted: 3, reachedOut: 2, logged: 1, notUseful: 1 })
    const share = (n: number, of: number) => `${n.toLocaleString('en-GB')} (${Math.round((n / of) * 100)} %)`
    const row = body.find((cells) => cells[0] === rule) as string[]
    const d = mine?.delivered as number
    expect(row.slice(5, 10)).toEqual([
      d.toLocaleString('en-GB'),
      share(3, d),
      share(1, d),
      share(d - 4, d),
      // Acted a minute ago on moments recorded when the test began: a median of minutes.
      expect.stringMatching(/^\d+ min$/),
    ])
    for (const cells of body.filter((c) => c[0] !== rule)) {
      const u = usage.usage.find((x) => x.rule === cells[0])
      expect(cells[5]).toBe((u?.delivered ?? 0).toLocaleString('en-GB'))
      expect(cells[9]).toBe('–')
    }
    await screenshot(page, 'preview-light', { fullPage: true })
    expect(snapshot(store)).toEqual(before)
    await open.close()
  })

  it('compares another rules file side by side, and names a bad rule', async () => {
    const variant = join(dir, 'louder.yaml')
    // The same rules with snoozing switched off: every match would be a notification.
    writeFileSync(
      variant,
      readFileSync(DEFAULT_RULES_PATH, 'utf8').replace(/snooze: \d+[smhd]/g, 'snooze: 0'),
    )
    const open = await harness.open(desktop.handlers, { route: 'preview', colorScheme: 'dark' })
    const { page } = open
    await page.getByLabel('Compare with').fill(variant)
    await page.getByRole('button', { name: 'Run preview' }).click()
    await page.getByRole('columnheader', { name: 'Shown with the other file' }).waitFor({ timeout: 30_000 })
    const totals = await page.locator('tfoot td').allTextContents()
    expect(totals[4]).toMatch(/^[\d,]+ \(\+[\d,]+\)$/)
    await screenshot(page, 'preview-compare-dark', { fullPage: true })

    const bad = join(dir, 'bad.yaml')
    writeFileSync(bad, 'rules:\n  - id: loud\n    name: Loud\n    when: "event.source =="\n    message: x\n')
    await page.getByLabel('Rules file').fill(bad)
    await page.getByRole('button', { name: 'Run preview' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('rule "loud": when:')
    expect(open.problems.pageErrors).toEqual([])
    await open.close()
  })
})
