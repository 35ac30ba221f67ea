// 100,000 moments: the list renders only what is in view, pages arrive on demand by offset, and
// scrolling to the far end shows the oldest moment. Time to first rows and search latency are
// measured and written to test-results/renderer/measurements.json (reported, not asserted:
// wall-clock limits would make the suite flaky on a busy CI machine).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openMomentsStore, type Store } from '../../main/core/store/store.ts'
import { createHistoryService } from '../../main/desktop/service/historyService.ts'
import { storedSyncState } from '../../main/desktop/service/syncState.ts'
import {
  type GeneratedWarehouse,
  generatedWarehouse,
  recordFromWarehouse,
  replicateThroughPipeline,
} from '../support/generatedMoments.ts'
import { renderedIds, SCREENSHOTS, screenshot, waitForTotal } from '../support/historyPage.ts'
import { type RendererHarness, startRendererHarness } from '../support/rendererBridge.ts'
import { type TestDesktop, testDesktop } from '../support/testDesktop.ts'

const TARGET = 100_000
const WEEK = 7 * 86_400_000
const measurements: Record<string, number | string> = {}

let warehouse: GeneratedWarehouse
let harness: RendererHarness
let dir: string
let store: Store
let desktop: TestDesktop
let total: number
/** What the window lists: the threads (a repeat is in its delivered moment's thread) */
let shown: number

beforeAll(async () => {
  ;[warehouse, harness] = await Promise.all([
    generatedWarehouse({ events: 8_000, days: 7, end: new Date() }),
    startRendererHarness(),
  ])
  dir = mkdtempSync(join(tmpdir(), 'moments-scale-'))
  store = openMomentsStore(join(dir, 'moments.db'))
  const started = performance.now()
  // Every account (a team channel's view), then earlier weeks of the same customers' activity.
  const { momentRows } = await recordFromWarehouse(store, warehouse, { owned: null })
  total = replicateThroughPipeline(store, momentRows, { target: TARGET, stepMs: WEEK, owned: null })
  shown = store.moments.count({ threads: true })
  measurements.seedSeconds = Math.round((performance.now() - started) / 100) / 10
  desktop = testDesktop({ store, warehouse })
}, 180_000)

afterAll(async () => {
  await harness?.close()
  store?.close()
  desktop?.close()
  await warehouse?.drop()
  if (dir) rmSync(dir, { recursive: true, force: true })
  mkdirSync(SCREENSHOTS, { recursive: true })
  writeFileSync(join(SCREENSHOTS, 'measurements.json'), `${JSON.stringify(measurements, null, 2)}\n`)
  console.log('renderer measurements (100,000+ moments):', measurements)
})

const ROWS_IN_DOM = '.moment-row'

describe(`a history of ${TARGET.toLocaleString('en')}+ moments`, () => {
  it('paints its first rows without rendering the rest', async () => {
    expect(total).toBeGreaterThanOrEqual(TARGET)
    const open = await harness.open(desktop.handlers)
    const { page } = open
    const firstRowsAt = (await page.evaluate(`new Promise((resolve) => {
      const check = () => document.querySelector('[data-moment-id]')
        ? requestAnimationFrame(() => resolve(performance.now()))
        : requestAnimationFrame(check)
      check()
    })`)) as number
    const paint = (await page.evaluate(
      `performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null`,
    )) as number | null
    measurements.firstRowsMs = Math.round(firstRowsAt)
    const origin = (await page.evaluate('performance.timeOrigin')) as number
    const firstPage = open.calls.find((c) => c.channel === 'moments.list')
    if (firstPage) measurements.firstPageAskedAtMs = Math.round(firstPage.at - origin)
    if (paint !== null) measurements.firstContentfulPaintMs = Math.round(paint)
    await waitForTotal(page, shown)
    const rows = await page.locator(ROWS_IN_DOM).count()
    measurements.rowsInDom = rows
    expect(rows).toBeGreaterThan(5)
    expect(rows).toBeLessThan(60)
    // Only the first page was asked for, not the history.
    const lists = open.calls.filter((c) => c.channel === 'moments.list')
    expect(lists.every((c) => (c.request as { limit: number }).limit <= 100)).toBe(true)
    await screenshot(page, 'history-100k')
    await open.close()
  })

  it('scrolls to the middle and to the very end, fetching pages by offset', async () => {
    const open = await harness.open(desktop.handlers)
    const { page } = open
    await waitForTotal(page, shown)

    const frames = (await page.evaluate(`new Promise((resolve) => {
      const el = document.querySelector('[data-testid="moment-list"]')
      const deltas = []
      let last = performance.now()
      let n = 0
      const step = (now) => {
        deltas.push(now - last)
        last = now
        el.scrollTop += 1800
        if (++n < 90) requestAnimationFrame(step)
        else resolve(deltas)
      }
      requestAnimationFrame(step)
    })`)) as number[]
    const sorted = [...frames].sort((a, b) => a - b)
    measurements.scrollFrameP50Ms = Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0)
    measurements.scrollFrameP95Ms = Math.round(sorted[Math.floor(sorted.length * 0.95)] ?? 0)

    const top = (await page.evaluate(`(() => {
      const el = document.querySelector('[data-testid="moment-list"]')
      el.scrollTop = el.scrollHeight / 2
      return el.scrollTop
    })()`)) as number
    const rowHeight = (await page.evaluate(
      `document.querySelector('.moment-row').getBoundingClientRect().height`,
    )) as number
    const index = Math.ceil(top / rowHeight)
    const expected = store.moments.list({ threads: true }, { limit: 1, offset: index })[0]?.id as string
    await page.locator(`[data-moment-id="${expected}"]`).waitFor()
    expect(await page.locator(ROWS_IN_DOM).count()).toBeLessThan(60)

    await page.locator('[data-moment-id]').first().click()
    await page.keyboard.press('Escape')
    await page.keyboard.press('End')
    const oldest = store.moments.list({ threads: true }, { limit: 1, offset: shown - 1 })[0]?.id as string
    await page.locator(`[data-moment-id="${oldest}"]`).waitFor()
    expect((await renderedIds(page)).at(-1)).toBe(oldest)
    expect(await page.locator(ROWS_IN_DOM).count()).toBeLessThan(60)
    const pages = open.calls.filter((c) => c.channel === 'moments.list')
    measurements.pagesFetchedForTheWholeScroll = pages.length
    expect(pages.length).toBeLessThan(60)
    await open.close()
  })

  it('searches the whole history quickly (measured)', async () => {
    const open = await harness.open(desktop.handlers)
    const { page } = open
    await waitForTotal(page, shown)
    const word = warehouse.data.accounts[3]?.name.split(' ')[0] as string
    const expected = store.moments.count({ search: word, threads: true })
    expect(expected).toBeGreaterThan(0)
    const latency = (await page.evaluate(`new Promise((resolve) => {
      const count = document.querySelector('[data-testid="result-count"]')
      const before = count.textContent
      const input = document.querySelector('input[type="search"]')
      const started = performance.now()
      new MutationObserver((_, observer) => {
        if (count.textContent !== before) {
          observer.disconnect()
          requestAnimationFrame(() => resolve(performance.now() - started))
        }
      }).observe(count, { childList: true, characterData: true, subtree: true })
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set
      setValue.call(input, ${JSON.stringify(word)})
      input.dispatchEvent(new Event('input', { bubbles: true }))
    })`)) as number
    await waitForTotal(page, expected)
    measurements.searchToResultsMs = Math.round(latency)
    measurements.searchTypingPauseMs = 150

    // The service alone, as the desktop runs it: one page and the total for a search.
    const history = createHistoryService({ store: () => store })
    const runs = [word, 'input', 'pricing', 'code engine', 'connection'].map((search) => {
      const started = performance.now()
      history.list({ filter: { search }, offset: 0, limit: 100 })
      return performance.now() - started
    })
    measurements.serviceSearchPageMsMax = Math.round(Math.max(...runs))
    const started = performance.now()
    history.list({ filter: {}, offset: shown - 100, limit: 100 })
    measurements.serviceLastPageMs = Math.round(performance.now() - started)
    const timed = (name: string, work: () => unknown) => {
      const t = performance.now()
      work()
      measurements[name] = Math.round(performance.now() - t)
    }
    timed('serviceFirstPageMs', () => history.list({ filter: {}, offset: 0, limit: 100 }))
    timed('serviceFilterOptionsMs', () => history.filterOptions())
    timed('serviceStatusMs', () => storedSyncState(store))
    measurements.moments = total
    await open.close()
  })
})
