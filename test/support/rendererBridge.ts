// Runs the built renderer in real headless Chromium with `window.moments` wired to the real IPC
// handlers (main/desktop/service) over a real store: the same request validation, the same services
// the desktop main process uses. Playwright's binding stands in for Electron's contextBridge +
// ipcRenderer.invoke under the app's real preload: the page gets its frozen `{ invoke, on }` and
// nothing else, and every payload crosses a serialisation boundary, as it does between processes.
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { dispatchIpc } from '../../main/desktop/service/ipcHandlers.ts'
import type { EventName, Events, IpcHandlers } from '../../shared/ipc/contract.ts'
import { chromiumExecutable } from './chromiumExecutable.ts'
import { builtRenderer } from './rendererBuild.ts'

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
  /** Pushes from main that arrive after the preload ran and before any page script (a click on a notification right as the window opens) */
  pushedBeforeLoad?: [EventName, unknown][]
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
  let executable: Awaited<ReturnType<typeof chromiumExecutable>> | undefined
  try {
    executable = await chromiumExecutable()
    browser = await chromium.launch({ executablePath: executable.path, args: CHROMIUM_ARGS })
  } catch (error) {
    server.close()
    const which = executable ? `${executable.path} (${executable.source})` : 'none found'
    throw new Error(
      `cannot start Chromium, ${which}; set MOMENTS_TEST_CHROMIUM to use another: ${(error as Error).message}`,
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
  await context.addInitScript({ content: await installBridge() })
  for (const [event, payload] of options.pushedBeforeLoad ?? []) {
    await context.addInitScript({
      content: `window.__momentsEmit(${JSON.stringify(event)}, ${JSON.stringify(payload)})`,
    })
  }
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
 * The app's real preload (main/desktop/preload/preload.ts), bundled for the page and run before
 * its own scripts as Electron runs a preload. Its `electron` import is this stand-in:
 * contextBridge defines the key on the page's window; ipcRenderer's `invoke` is the Playwright
 * binding to main's handlers, and `on` keeps listeners that `__momentsEmit` (webContents.send)
 * calls. The page gets `window.moments` from the preload and nothing else of this. It also notes
 * CSP violations for the tests.
 */
const ELECTRON_IN_PAGE = `
const listeners = new Map()
const invokeBinding = window.__momentsInvoke
export const contextBridge = {
  exposeInMainWorld(key, api) {
    Object.defineProperty(window, key, { value: api })
  },
}
export const ipcRenderer = {
  invoke: (channel, request) => invokeBinding(channel, request),
  on(channel, listener) {
    let set = listeners.get(channel)
    if (!set) listeners.set(channel, (set = new Set()))
    set.add(listener)
  },
  removeListener(channel, listener) {
    listeners.get(channel)?.delete(listener)
  },
}
const violations = []
document.addEventListener('securitypolicyviolation', (e) => {
  violations.push(e.violatedDirective + ': ' + (e.blockedURI || e.sample))
})
Object.defineProperty(window, '__cspViolations', { value: violations })
Object.defineProperty(window, '__momentsEmit', {
  value: (event, payload) => {
    for (const listener of [...(listeners.get(event) ?? [])]) listener({ sender: 'main' }, payload)
  },
})
`

let preloadScript: Promise<string> | undefined

function installBridge(): Promise<string> {
  preloadScript ??= build({
    entryPoints: [fileURLToPath(new URL('../../main/desktop/preload/preload.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome130',
    logLevel: 'warning',
    plugins: [
      {
        name: 'electron-in-page',
        setup(b) {
          b.onResolve({ filter: /^electron$/ }, () => ({ path: 'electron', namespace: 'electron-in-page' }))
          b.onLoad({ filter: /.*/, namespace: 'electron-in-page' }, () => ({
            contents: ELECTRON_IN_PAGE,
            loader: 'js',
          }))
        },
      },
    ],
  }).then((result) => result.outputFiles[0]?.text ?? '')
  return preloadScript
}

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
