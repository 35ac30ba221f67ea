import { BrowserWindow, nativeTheme } from 'electron'
import type { AppWindowPort, WindowName } from '../windows/appWindows.ts'
import { windowBackground } from '../windows/windowBackground.ts'

const SIZES: Record<WindowName, { width: number; height: number; title: string }> = {
  history: { width: 1100, height: 720, title: 'Moments' },
  settings: { width: 720, height: 760, title: 'Moments Settings' },
}

/** `devTools`: only outside a packaged build, where a window's DevTools would reach its preload's IPC. */
export function createAppWindow(
  name: WindowName,
  preloadPath: string,
  options: { devTools: boolean },
): AppWindowPort {
  const size = SIZES[name]
  const window = new BrowserWindow({
    width: size.width,
    height: size.height,
    minWidth: 560,
    minHeight: 420,
    title: size.title,
    // Shown by appWindows on ready-to-show; until the page paints, its own background colour.
    show: false,
    backgroundColor: windowBackground(nativeTheme.shouldUseDarkColors),
    autoHideMenuBar: true,
    // Electron's security checklist, written out here so a reader (and electronegativity) sees it.
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: options.devTools,
      // A middle click must not open a link in a new window.
      disableBlinkFeatures: 'Auxclick',
    },
  })
  // The OS theme changes while the window lives on hidden in the tray.
  const followTheme = () => {
    if (!window.isDestroyed()) window.setBackgroundColor(windowBackground(nativeTheme.shouldUseDarkColors))
  }
  nativeTheme.on('updated', followTheme)
  window.on('closed', () => nativeTheme.removeListener('updated', followTheme))
  const contents = window.webContents
  return {
    contentsId: contents.id,
    load: (url) => window.loadURL(url),
    show: () => window.show(),
    hide: () => window.hide(),
    focus: () => window.focus(),
    isDestroyed: () => window.isDestroyed(),
    send: (event, payload) => contents.send(event, payload),
    onReadyToShow: (listener) => void window.once('ready-to-show', listener),
    onClose: (listener) => void window.on('close', listener),
    onClosed: (listener) => void window.on('closed', listener),
  }
}
