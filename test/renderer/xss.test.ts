// Event fields are untrusted text (docs/promises.md). Hostile text is planted in the warehouse's raw
// tables and in column names, goes through the real view and pipeline, and must come out of the
// windows as text: no dialog, no script, no navigation, no markup, no CSP or Trusted Types report.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../main/core/store/store.ts'
import {
  type GeneratedWarehouse,
  generatedWarehouse,
  recordFromWarehouse,
} from '../support/generatedMoments.ts'
import { screenshot, waitForTotal, windowQuery } from '../support/historyPage.ts'
import { cspViolations, type RendererHarness, startRendererHarness } from '../support/rendererBridge.ts'
import { inspectableStore, stateDb } from '../support/stateDb.ts'
import { type TestDesktop, testDesktop } from '../support/testDesktop.ts'

const IMG = '<img src=x onerror="window.__xss=1;alert(1)">'
const SCRIPT = '<script>window.__xss=2;alert(2)</script>'
const JS_URL = 'javascript:window.__xss=3;alert(3)'

/** Every text column the reference view passes through, made hostile in the raw tables. */
const PLANT = [
  ['UPDATE accounts SET name = name || $1', [` ${IMG}`]],
  ['UPDATE webserver_events SET user_name = $1, input_name = input_name || $2', [SCRIPT, ` ${IMG}`]],
  [
    'UPDATE website_events SET visitor_name = $1, page_title = $2 || page_title',
    ['"><iframe src="javascript:alert(4)"></iframe>', '<svg onload=alert(5)>'],
  ],
  [
    'UPDATE backend_logs SET output_name = $1, table_name = $2, message = $3',
    [JS_URL, '{{account_name}}<b onmouseover=alert(6)>t</b>', '<style>*{display:none}</style>'],
  ],
  [
    'UPDATE zabbix_alerts SET host = $1, description = $2, event_id = $3 || event_id',
    [JS_URL, IMG, '<a href="javascript:alert(7)">'],
  ],
] as const

/** And hostile columns: a javascript: URL value, and a column whose *name* is markup. */
const QUERY = `SELECT e.*, '${JS_URL}' AS homepage, '<a href="javascript:alert(8)">open</a>' AS "<img src=x onerror=alert(9)>"
FROM enriched_events e`

let warehouse: GeneratedWarehouse
let harness: RendererHarness
let dir: string
let store: Store
let desktop: TestDesktop

beforeAll(async () => {
  ;[warehouse, harness] = await Promise.all([
    generatedWarehouse({ events: 2_000, days: 3, end: new Date() }),
    startRendererHarness(),
  ])
  for (const [sql, values] of PLANT) await warehouse.sql(sql, [...values])
  dir = mkdtempSync(join(tmpdir(), 'moments-xss-'))
  store = inspectableStore(join(dir, 'moments.db'))
  await recordFromWarehouse(store, warehouse, { query: QUERY })
  desktop = testDesktop({ store, warehouse })
})

afterAll(async () => {
  await harness?.close()
  store?.close()
  desktop?.close()
  await warehouse?.drop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('hostile event text', () => {
  it('reaches the store through the real pipeline', () => {
    expect(store.moments.count({ search: 'onerror' })).toBeGreaterThan(0)
    const sample = store.moments.list({}, { limit: 1 })[0]
    expect(sample?.event['<img src=x onerror=alert(9)>']).toBe('<a href="javascript:alert(8)">open</a>')
    expect(sample?.event.homepage).toBe(JS_URL)
  })

  it('stays text everywhere in the history window: no script runs, nothing navigates', async () => {
    const open = await harness.open(desktop.handlers)
    const { page, problems } = open
    const start = page.url()
    await waitForTotal(page, store.moments.count(windowQuery({})))
    expect(await page.locator('.moment-list').textContent()).toContain('onerror=')

    // Hostile account names in the filter's options, and a search for markup.
    const hostile = (
      await page.getByRole('combobox', { name: 'Account', exact: true }).locator('option').allTextContents()
    ).filter((t) => t.includes('<img'))
    expect(hostile.length).toBeGreaterThan(0)
    await page.getByLabel('Search moments').fill('<script>')
    await waitForTotal(page, store.moments.count(windowQuery({ search: '<script>' })))
    await page.getByLabel('Search moments').fill('')

    // Every rule's newest moment in the detail pane, every field shown, the chart drawn.
    const rules = stateDb(store)
      .prepare<[], { id: string }>('SELECT DISTINCT rule_id AS id FROM moments')
      .all()
    expect(rules.length).toBeGreaterThan(3)
    for (const { id: rule } of rules) {
      const moment = store.moments.list({ ruleId: rule }, { limit: 1 })[0]
      if (!moment) continue
      await open.emit('navigate', { momentId: moment.id })
      await expect.poll(() => page.getByTestId('detail-message').textContent()).toBe(moment.body)
      expect(await page.getByTestId('detail-title').textContent()).toBe(moment.ruleName)
      const more = page.getByRole('button', { name: /^Show \d+ empty fields?$/ })
      // The fields may be drawn after the message: the button to show the empty ones is looked
      // for (and clicked) again until the table holds every field.
      await expect
        .poll(async () => {
          if (await more.count()) await more.click()
          return page.$$eval('[data-testid="event-fields"] tr', (rows) =>
            rows.map((r) => [r.querySelector('th')?.textContent, r.querySelector('td')?.textContent]),
          )
        })
        .toEqual(Object.entries(moment.event).map(([k, v]) => [k, v === null ? 'null' : String(v)]))
      await page.getByTestId('event-fields').hover()
      await page.getByTestId('timeline').locator('.recharts-bar-rectangle').first().waitFor()
    }
    await screenshot(page, 'xss-detail')

    expect(await page.evaluate('window.__xss')).toBeUndefined()
    expect(problems.dialogs).toEqual([])
    expect(problems.pageErrors).toEqual([])
    expect(problems.navigations).toEqual([])
    expect(problems.popups).toEqual([])
    expect(problems.foreignRequests).toEqual([])
    expect(await cspViolations(page)).toEqual([])
    expect(page.url()).toBe(start)
    // Nothing of the payloads became an element or an attribute.
    const planted = await page.evaluate(`(() => {
      const all = [...document.querySelectorAll('*')]
      return {
        scripts: document.scripts.length,
        images: document.querySelectorAll('img, iframe, svg[onload], style:not([data-app])').length,
        handlers: all.flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name)),
        jsLinks: document.querySelectorAll('a[href^="javascript:"], [src^="javascript:"]').length,
      }
    })()`)
    expect(planted).toEqual({ scripts: 1, images: 0, handlers: [], jsLinks: 0 })
    // The CSP's Trusted Types turn any HTML-string sink into an error, even a future mistake's.
    const sink = await page.evaluate(`(() => {
      try { document.createElement('div').innerHTML = '<b>x</b>'; return 'assigned' } catch (e) { return e.name }
    })()`)
    expect(sink).toBe('TypeError')
    await open.close()
  })

  it('stays text in the settings window’s rule errors too', async () => {
    const rules = join(dir, 'hostile-rules.yaml')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(
      rules,
      `rules:\n  - id: "<img src=x onerror=alert(10)>"\n    name: x\n    when: "true"\n    message: x\n`,
    )
    const open = await harness.open(desktop.handlers, { route: 'settings' })
    await open.page.getByLabel('Rules file').fill(rules)
    await open.page.getByRole('button', { name: 'Check' }).click()
    await expect
      .poll(() => open.page.getByTestId('error-rulesPath').textContent())
      .toContain('<img src=x onerror=alert(10)>')
    expect(open.problems.dialogs).toEqual([])
    expect(await open.page.evaluate('document.querySelectorAll("img").length')).toBe(0)
    await open.close()
  })
})
