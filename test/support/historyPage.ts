// The history window as a user sees it: what the tests read and do through the real page.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { HistoryQuery } from '../../main/core/store/historyQuery.ts'
import type { OpenPage } from './rendererBridge.ts'

export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/renderer', import.meta.url))

export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  const path = join(SCREENSHOTS, `${name}.png`)
  const viewport = page.viewportSize()
  if (options.fullPage && viewport) {
    // A taller window rather than a stitched capture, so sticky bars sit where a user sees them.
    const height = (await page.evaluate('document.documentElement.scrollHeight')) as number
    await page.setViewportSize({ width: viewport.width, height: Math.max(height, viewport.height) })
    await page.screenshot({ path })
    await page.setViewportSize(viewport)
  } else {
    await page.screenshot({ path })
  }
  return path
}

/** The result count once it reads `n moments`. */
export async function waitForTotal(page: Page, total: number): Promise<void> {
  const text = `${total.toLocaleString('en-GB')} ${total === 1 ? 'moment' : 'moments'}`
  await page
    .getByTestId('result-count')
    .filter({ hasText: new RegExp(`^${text}`) })
    .waitFor()
}

/** Ids of the loaded rows in the DOM, top to bottom. */
export async function renderedIds(page: Page): Promise<string[]> {
  return page.$$eval('[data-moment-id]', (rows) =>
    rows
      .map((r) => ({ id: r.getAttribute('data-moment-id') as string, top: r.getBoundingClientRect().top }))
      .sort((a, b) => a.top - b.top)
      .map((r) => r.id),
  )
}

export async function firstRowId(page: Page): Promise<string> {
  await page.locator('[data-moment-id]').first().waitFor()
  return (await renderedIds(page))[0] as string
}

export async function openMoment(page: Page, id: string): Promise<void> {
  await page.locator(`[data-moment-id="${id}"]`).click()
  await page.getByTestId('detail-pane').waitFor()
}

/** After a test: the pages it opened raised no page error, dialog, foreign request or console error. */
export async function closeCheckingProblems(opened: OpenPage[]): Promise<void> {
  for (const p of opened.splice(0)) {
    expect(p.problems.pageErrors).toEqual([])
    expect(p.problems.dialogs).toEqual([])
    expect(p.problems.foreignRequests).toEqual([])
    expect(p.problems.consoleErrors).toEqual([])
    await p.close()
  }
}

/**
 * What the window lists for a filter: threads (a snoozed repeat is in its delivered moment's
 * thread, not a row), except under the Snoozed filter (main/desktop/service/historyFilter.ts).
 */
export function windowQuery(query: HistoryQuery): HistoryQuery {
  return query.status === 'snoozed' ? query : { ...query, threads: true }
}
