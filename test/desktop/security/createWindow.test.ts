// Every window is created with Electron's security checklist (BrowserWindow faked).
import { describe, expect, it, vi } from 'vitest'

const created: { options: Record<string, unknown> }[] = []
vi.mock('electron', () => ({
  BrowserWindow: class {
    webContents = { id: 41, send: () => {} }
    constructor(options: Record<string, unknown>) {
      created.push({ options })
    }
    once() {}
    on() {}
  },
}))

describe('a Moments window', () => {
  it('is isolated, sandboxed, without Node, and loads our preload', async () => {
    const { createAppWindow } = await import('../../../main/desktop/electron/createWindow.ts')
    const window = createAppWindow('history', '/app/dist/desktop/preload.cjs')
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
    })
    expect(created[0]?.options.show).toBe(false)
  })
})
