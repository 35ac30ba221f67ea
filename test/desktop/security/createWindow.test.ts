// Every window is created with Electron's security checklist, hidden until it has painted, on the
// page's own background colour (BrowserWindow and nativeTheme faked).
import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { WINDOW_BACKGROUND } from '../../../main/desktop/windows/windowBackground.ts'

const created: { options: Record<string, unknown>; once: string[]; background: string[] }[] = []
const theme = vi.hoisted(() => ({
  shouldUseDarkColors: true,
  listeners: [] as (() => void)[],
}))
vi.mock('electron', () => ({
  nativeTheme: {
    get shouldUseDarkColors() {
      return theme.shouldUseDarkColors
    },
    on: (_event: string, listener: () => void) => theme.listeners.push(listener),
    removeListener: () => {},
  },
  BrowserWindow: class {
    webContents = { id: 41, send: () => {} }
    record: (typeof created)[number]
    constructor(options: Record<string, unknown>) {
      this.record = { options, once: [], background: [] }
      created.push(this.record)
    }
    once(event: string) {
      this.record.once.push(event)
    }
    on() {}
    isDestroyed() {
      return false
    }
    setBackgroundColor(color: string) {
      this.record.background.push(color)
    }
  },
}))

describe('a Moments window', () => {
  it('is isolated, sandboxed, without Node, and loads our preload', async () => {
    const { createAppWindow } = await import('../../../main/desktop/electron/createWindow.ts')
    const window = createAppWindow('history', '/app/dist/desktop/preload.cjs', { devTools: false })
    expect(window.contentsId).toBe(41)
    expect(created[0]?.options.webPreferences).toMatchObject({
      preload: '/app/dist/desktop/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      // A packaged build has no DevTools (the window's owner opens them only in development).
      devTools: false,
    })
  })

  it('starts hidden on the theme’s background and leaves showing to ready-to-show', async () => {
    const { createAppWindow } = await import('../../../main/desktop/electron/createWindow.ts')
    created.length = 0
    theme.shouldUseDarkColors = true
    const window = createAppWindow('settings', '/p.cjs', { devTools: true })
    expect(created[0]?.options).toMatchObject({ show: false, backgroundColor: WINDOW_BACKGROUND.dark })
    expect(created[0]?.once).toEqual([])
    window.onReadyToShow(() => {})
    expect(created[0]?.once).toEqual(['ready-to-show'])
    theme.shouldUseDarkColors = false
    for (const listener of theme.listeners) listener()
    expect(created[0]?.background.at(-1)).toBe(WINDOW_BACKGROUND.light)
  })

  it('uses the page’s own background colours', () => {
    const css = readFileSync(new URL('../../../renderer/src/styles.css', import.meta.url), 'utf8')
    const [light, dark] = [...css.matchAll(/--bg:\s*(#[0-9a-f]{6})/gi)].map((m) => m[1])
    expect({ light, dark }).toEqual(WINDOW_BACKGROUND)
  })
})
