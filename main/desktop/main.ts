// Electron main process entry: wiring only. Behaviour lives in desktopApp.ts (over ports), the
// pipeline in a utilityProcess (worker/pipelineWorker.ts), the windows' API in preload/.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, ipcMain, Tray } from 'electron'
import { privateDir } from '../core/store/privateFiles.ts'
import { sessionPresence } from './away/sessionPresence.ts'
import { desktopApp, TICK_MS } from './desktopApp.ts'
import { registerAppScheme, serveAppFiles } from './electron/appProtocol.ts'
import { createAppWindow } from './electron/createWindow.ts'
import * as ports from './electron/electronPorts.ts'
import {
  claimSingleInstance,
  hardenSessions,
  installApplicationMenu,
  platformIdentity,
  quitCleanly,
} from './electron/lifecycle.ts'
import { mainLog } from './electron/mainLog.ts'
import { spawnPipelineProcess } from './electron/pipelineProcess.ts'
import { startUpdates } from './electron/updates.ts'
import { type PipelineHost, pipelineHost } from './host/pipelineHost.ts'
import { workerRequestServer } from './host/workerRequests.ts'
import { mainHandlers } from './ipc/mainHandlers.ts'
import { registerIpc } from './ipc/registerIpc.ts'
import { claimFirstRun } from './lifecycle/firstRun.ts'
import { opensHistoryAtLaunch } from './lifecycle/launchWindow.ts'
import { desktopSession } from './linux/desktopSession.ts'
import { connectSessionBus } from './linux/sessionBus.ts'
import type { Platform } from './ports.ts'
import { safeStorageVault } from './secrets/safeStorageVault.ts'
import { confirmTargetChanges } from './security/targetConfirmation.ts'
import { trayIconShown } from './tray/trayHost.ts'
import { trayIconPath } from './tray/trayIcons.ts'
import { type AppWindows, appWindows } from './windows/appWindows.ts'

const here = dirname(fileURLToPath(import.meta.url))
const platform = process.platform as Platform

let windows: AppWindows | undefined
if (claimSingleInstance(() => windows?.show('history'))) start()
else app.quit()

function start(): void {
  registerAppScheme()
  // The keychain's ciphertext, Chromium's profile, the logs: this account's only.
  privateDir(app.getPath('userData'))
  const log = mainLog(app.getPath('logs'))
  let host: PipelineHost | undefined
  // Linux: what Electron does not tell (tray host, Wayland idle time, screen lock) comes from D-Bus.
  const session = desktopSession(process.env)
  const bus = platform === 'linux' ? connectSessionBus(process.env.DBUS_SESSION_BUS_ADDRESS) : null
  const lifecycle = quitCleanly(async () => {
    await host?.stop()
    bus?.close()
  })
  const shown = appWindows({
    create: (name) => createAppWindow(name, join(here, 'preload.cjs'), { devTools: !app.isPackaged }),
    isQuitting: lifecycle.isQuitting,
  })
  windows = shown

  void app.whenReady().then(() => {
    platformIdentity()
    installApplicationMenu(platform)
    hardenSessions((message) => log('warn', message))
    serveAppFiles(join(here, '..', 'renderer'))
    const vault = safeStorageVault({
      crypto: ports.cryptoPort(platform),
      path: join(app.getPath('userData'), 'secrets.json'),
    })
    const tray = new Tray(trayIconPath(here, platform, 'idle'))
    // Windows users expect a left click on the tray icon to open the app; elsewhere it opens the menu.
    if (platform === 'win32') tray.on('click', () => shown.show('history'))
    const desktop = desktopApp({
      platform,
      clock: Date.now,
      resourcesDir: here,
      tray: ports.trayPort(tray, platform),
      notifications: ports.notifierPort(platform === 'darwin' ? undefined : join(here, 'icon.png')),
      power: ports.powerPort(),
      network: ports.networkPort,
      loginItem: ports.loginItemPort(platform),
      wayland: platform === 'linux' && session.wayland,
      ...(bus ? { session: sessionPresence(bus) } : {}),
      windows: shown,
      quit: () => app.quit(),
      log,
    })
    const pipeline = pipelineHost({
      spawn: () => spawnPipelineProcess(join(here, 'pipelineWorker.cjs'), (line) => log('info', line)),
      startMessage: () => ({ type: 'start', userDataDir: app.getPath('userData'), ...vault.forWorker() }),
      serve: workerRequestServer({ vault, shell: ports.shellPort }),
      events: desktop.hostEvents,
      log,
    })
    host = pipeline
    registerIpc({
      ipcMain,
      // What main owns it answers itself; the rest goes to the pipeline worker.
      main: mainHandlers({
        status: desktop.status,
        syncNow: () => pipeline.poll('user'),
        salesforceInstanceUrl: () => desktop.prefs().salesforceInstanceUrl,
        shell: ports.shellPort,
        openSettings: () => shown.show('settings'),
        log: (message) => log('warn', message),
      }),
      // A window's change of warehouse, query, org or chat target is confirmed in a native dialog.
      invoke: confirmTargetChanges(ports.confirmPort, (channel, request) =>
        pipeline.invoke(channel, request),
      ),
      windowIds: () => shown.contentsIds(),
      onRefused: (channel, reason) => log('warn', `IPC ${channel} refused: ${reason}`),
    })
    desktop.attach(pipeline)
    pipeline.start()
    setInterval(() => desktop.tick(), TICK_MS).unref()
    startUpdates({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, log })
    const firstRun = claimFirstRun(app.getPath('userData'))
    void (platform === 'linux' ? trayIconShown(bus, session) : Promise.resolve(true)).then((trayShown) => {
      if (!trayShown)
        log(
          'warn',
          'this desktop shows no tray icon (GNOME needs an AppIndicator extension): opening the history',
        )
      if (opensHistoryAtLaunch({ platform, argv: process.argv, firstRun, trayShown })) shown.show('history')
    })
  })
}
