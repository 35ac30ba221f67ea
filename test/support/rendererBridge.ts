// Runs the built renderer in real headless Chromium with `window.moments` wired to the real IPC
// handlers (main/core/service) over a real store: the same request validation, the same services
// the desktop main process uses. Playwright's binding stands in for Electron's contextBridge +
// ipcRenderer.invoke: the page gets a frozen `{ invoke, on }` and nothing else, and every payload
// crosses a serialisation boundary, as it does between processes.
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { dispatchIpc } from '../../main/core/service/ipcHandlers.ts'
import type { EventName, Events, IpcHandlers } from '../../shared/ipc/contract.ts'
import { builtRenderer } from './rendererBuild.ts'

export const CHROMIUM_PATH = process.env.MOMENTS_TEST_CHROMIUM ?? '/usr/bin/chromium'

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

/** What a page did that a safe window never does, collected while it runs. */
export interface PageProblems {
  dialogs: string[]
  pageErrors: string[]
  consoleErrors: string[]
  /** Requests to anywhere but the app itself */
  foreignRequests: string[]
  /** Main-frame navigations after the first load */
  navigations: string[]
  popups: string[]
}

export interface OpenPage {
  page: Page
  context: BrowserContext
  problems: PageProblems
  /** Every IPC call the page made, in order, with when (epoch ms) and how long main took */
  calls: { channel: string; request: unknown; at: number; ms: number }[]
  /** Pushes a main → window event, as webContents.send would */
  emit<E extends EventName>(event: E, payload: Events[E]): Promise<void>
  close(): Promise<void>
}

export interface OpenOptions {
  route?: 'history' | 'settings' | 'preview'
  colorScheme?: 'light' | 'dark'
  viewport?: { width: number; height: number }
}

export interface RendererHarness {
  baseUrl: string
  open(handlers: IpcHandlers, options?: OpenOptions): Promise<OpenPage>
  close(): Promise<void>
}

export async function startRendererHarness(): Promise<RendererHarness> {
  const dir = await builtRenderer()
  const server = await serve(dir)
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  let browser: Browser
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  } catch (error) {
    server.close()
    throw new Error(
      `cannot start Chromium at ${CHROMIUM_PATH} (apt-get install chromium): ${(error as Error).message}`,
    )
  }
  return {
    baseUrl,
    open: (handlers, options) => openPage(browser, baseUrl, handlers, options),
    async close() {
      await browser.close()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

async function openPage(
  browser: Browser,
  baseUrl: string,
  handlers: IpcHandlers,
  options: OpenOptions = {},
): Promise<OpenPage> {
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1280, height: 820 },
    deviceScaleFactor: 1,
    locale: 'en-GB',
    timezoneId: 'UTC',
  })
  // Shorter than a test's timeout, so a missing element fails with the locator's own message.
  context.setDefaultTimeout(10_000)
  const problems: PageProblems = {
    dialogs: [],
    pageErrors: [],
    consoleErrors: [],
    foreignRequests: [],
    navigations: [],
    popups: [],
  }
  const calls: OpenPage['calls'] = []
  await context.exposeBinding('__momentsInvoke', async (_source, channel: unknown, request: unknown) => {
    const call = { channel: String(channel), request, at: Date.now(), ms: 0 }
    calls.push(call)
    try {
      return await dispatchIpc(handlers, channel, request)
    } finally {
      call.ms = Date.now() - call.at
    }
  })
  await context.addInitScript({ content: INSTALL_BRIDGE })
  const page = await context.newPage()
  page.on('dialog', (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`)
    void dialog.dismiss().catch(() => {})
  })
  page.on('pageerror', (error) => problems.pageErrors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text())
  })
  page.on('popup', (popup) => problems.popups.push(popup.url()))
  page.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith(`${baseUrl}/`) && !url.startsWith('data:')) problems.foreignRequests.push(url)
  })
  const start = `${baseUrl}/index.html`
  page.on('framenavigated', (frame) => {
    // The app routes by hash (#/settings): only leaving the page is a navigation.
    if (frame === page.mainFrame() && frame.url().replace(/#.*$/, '') !== start)
      problems.navigations.push(frame.url())
  })
  await page.goto(`${start}#/${options.route ?? 'history'}`)
  return {
    page,
    context,
    problems,
    calls,
    async emit(event, payload) {
      await page.evaluate(
        ([e, p]) =>
          (globalThis as unknown as { __momentsEmit: (e: string, p: unknown) => void }).__momentsEmit(e, p),
        [event, payload] as const,
      )
    },
    close: () => context.close(),
  }
}

/** Collects the page's CSP violations (a console error is not always raised for them). */
export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as { __cspViolations: string[] }).__cspViolations)
}

/**
 * The preload's API, installed before the page's own scripts (as a preload's exposeInMainWorld
 * would be): invoke and on, frozen, nothing else. Also notes CSP violations for the tests.
 */
const INSTALL_BRIDGE = `(() => {
  const invokeBinding = window.__momentsInvoke
  const listeners = new Map()
  const violations = []
  document.addEventListener('securitypolicyviolation', (e) => {
    violations.push(e.violatedDirective + ': ' + (e.blockedURI || e.sample))
  })
  Object.defineProperty(window, '__cspViolations', { value: violations })
  Object.defineProperty(window, 'moments', {
    value: Object.freeze({
      invoke: (channel, request) => invokeBinding(channel, request),
      on(event, listener) {
        let set = listeners.get(event)
        if (!set) listeners.set(event, (set = new Set()))
        set.add(listener)
        return () => void set.delete(listener)
      },
    }),
  })
  Object.defineProperty(window, '__momentsEmit', {
    value: (event, payload) => {
      for (const listener of listeners.get(event) ?? []) listener(payload)
    },
  })
})()`

function serve(dir: string): Promise<Server> {
  const root = normalize(dir + sep)
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
    const file = normalize(join(root, path === '/' ? 'index.html' : path))
    if (!file.startsWith(root)) {
      response.writeHead(403).end()
      return
    }
    try {
      const body = await readFile(file)
      response
        .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
        .end(body)
    } catch {
      response.writeHead(404).end()
    }
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(server))
  })
}
