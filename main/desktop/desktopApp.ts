// The desktop app's behaviour, over ports: what happens when the pipeline reports, the user
// picks a tray command, a notification is clicked, the laptop wakes or goes offline. `main.ts`
// gives it the real Electron objects; tests give it fakes.

import { errorMessage } from '../../shared/errorMessage.ts'
import type { ActResult, SyncState } from '../../shared/ipc/contract.ts'
import type { LatestMoment } from '../../shared/notice.ts'
import { type DesktopPrefs, defaultDesktopSettings, prefsOf } from '../../shared/settings/desktopSettings.ts'
import { presenceReader } from './away/awayDecision.ts'
import type { SessionPresence } from './away/sessionPresence.ts'
import type { PipelineHost, PipelineHostEvents } from './host/pipelineHost.ts'
import { withMainOverlay } from './host/syncOverlay.ts'
import type { NoticeAction } from './notify/notificationContent.ts'
import type { NotifyPrefs } from './notify/notificationPlan.ts'
import { notifier } from './notify/notifier.ts'
import { pauseUntil } from './notify/pauseUntil.ts'
import type { LoginItemPort, NetworkPort, NotifierPort, Platform, PowerPort, TrayPort } from './ports.ts'
import { trayController } from './tray/trayController.ts'
import type { TrayCommand } from './tray/trayView.ts'
import type { AppWindows } from './windows/appWindows.ts'
import type { WorkerSync } from './worker/syncState.ts'

export interface DesktopAppDeps {
  platform: Platform
  clock: () => number
  resourcesDir: string
  tray: TrayPort
  notifications: NotifierPort
  power: PowerPort
  network: NetworkPort
  loginItem: LoginItemPort
  windows: AppWindows
  quit: () => void
  /** Linux: a Wayland session (Electron's idle time may be 0 for ever there) */
  wayland?: boolean
  /** Linux: idle time and screen lock from the desktop's D-Bus */
  session?: SessionPresence
  log: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void
}

/** How often presence, the network and held notifications are looked at. */
export const TICK_MS = 30_000

const STARTING: SyncState = {
  phase: 'syncing',
  lastSuccessAt: null,
  lastError: null,
  catchUp: null,
  pausedUntil: null,
  demo: false,
  unread: 0,
}

export function desktopApp(deps: DesktopAppDeps) {
  const { windows, log } = deps
  let host: PipelineHost | null = null
  let workerSync: WorkerSync = { state: STARTING, setupProblem: false }
  let latest: LatestMoment[] = []
  let offline = !deps.network.isOnline()
  // The settings' defaults until the pipeline sends the saved ones; the login item as the OS has it.
  let prefs: DesktopPrefs = { ...prefsOf(defaultDesktopSettings()), launchAtLogin: deps.loginItem.get() }
  const readPresence = presenceReader(
    deps.power,
    { platform: deps.platform, wayland: deps.wayland ?? false },
    deps.session,
  )
  /** On Linux the desktop is asked over D-Bus first (bounded); elsewhere Electron answers at once. */
  function reportPresence(): void {
    if (!deps.session) host?.presence(readPresence())
    else void deps.session.refresh().then(() => host?.presence(readPresence()))
  }

  const notices = notifier({
    port: deps.notifications,
    platform: deps.platform,
    clock: deps.clock,
    prefs: (): NotifyPrefs => ({ digestThreshold: prefs.digestThreshold, quietHours: prefs.quietHours }),
    act: (action) => void act(action),
    // The demo's accounts are made up: there is nothing to log in Salesforce.
    salesforce: () => prefs.salesforceInstanceUrl !== null && !workerSync.state.demo,
    log: (message) => log('info', `notifications: ${message}`),
    problem: (message) => log('warn', `notifications: ${message}`),
  })

  const tray = trayController({
    tray: deps.tray,
    platform: deps.platform,
    resourcesDir: deps.resourcesDir,
    clock: deps.clock,
    onCommand: (command) => void runCommand(command),
  })

  /** The sync state as shown: the worker's, with what main owns (pause, offline). */
  function current(): SyncState {
    const until = notices.pausedUntil()
    return withMainOverlay(workerSync, {
      pausedUntil: until === null ? null : new Date(until).toISOString(),
      offline,
    })
  }

  function render(): void {
    tray.render(current(), latest)
  }

  /** The state changed: the tray and the windows show it. */
  function publish(): void {
    render()
    windows.broadcast('status.changed', current())
  }

  async function act(action: NoticeAction): Promise<void> {
    try {
      if (action.kind === 'open-moment')
        await windows.sendTo('history', 'navigate', { momentId: action.momentId })
      else if (action.kind === 'open-filter')
        await windows.sendTo('history', 'navigate', { filter: action.filter })
      else if (action.kind === 'act') await actOnMoment(action)
      else await host?.invoke('mutes.set', { kind: action.mute, target: action.target, forMs: action.forMs })
    } catch (error) {
      log('warn', `notification action failed: ${errorMessage(error)}`)
    }
  }

  /**
   * A notification's "Reach out" or "Log to Salesforce": the worker acts (the mail client opens
   * on the draft); a log, or a failure, is confirmed by a quiet notification that opens the moment.
   */
  async function actOnMoment(action: Extract<NoticeAction, { kind: 'act' }>): Promise<void> {
    if (!host) return
    try {
      const result = (await host.invoke('moments.act', {
        id: action.momentId,
        kind: action.act,
      })) as ActResult
      windows.broadcast('moments.changed', { added: 0 })
      if (action.act === 'log') {
        const title = result.already ? 'Already logged to Salesforce' : 'Logged to Salesforce'
        tell(title, `Task ${result.action.ref ?? ''} on ${action.accountName}`, action.momentId)
      }
    } catch (error) {
      const title = action.act === 'log' ? 'Not logged to Salesforce' : 'Could not draft the e-mail'
      log('warn', `${title}: ${errorMessage(error)}`)
      tell(title, errorMessage(error), action.momentId)
    }
  }

  function tell(title: string, body: string, momentId: string): void {
    if (!deps.notifications.supported()) return
    deps.notifications.show(
      {
        title,
        body: body.length > 400 ? `${body.slice(0, 399)}…` : body,
        urgency: 'normal',
        actions: [],
        silent: true,
      },
      {
        onClick: () => void act({ kind: 'open-moment', momentId }),
        onAction: () => {},
        onFailed: (error) => log('warn', `notifications: "${title}" could not be shown: ${error}`),
      },
    )
  }

  async function runCommand(command: TrayCommand): Promise<void> {
    if (command.startsWith('moment:')) {
      await windows.sendTo('history', 'navigate', { momentId: command.slice('moment:'.length) })
      return
    }
    switch (command) {
      case 'open-history':
        windows.show('history')
        return
      case 'settings':
        windows.show('settings')
        return
      case 'pause:1h':
      case 'pause:morning':
        notices.pause(pauseUntil(command === 'pause:1h' ? '1h' : 'morning', deps.clock()))
        publish()
        return
      case 'resume':
        notices.resume()
        publish()
        return
      case 'sync-now':
        host?.poll('user')
        return
      case 'quit':
        deps.quit()
        return
    }
  }

  /** Back from sleep, unlocked, online again: poll at once, and the catch-up comes as a digest. */
  function catchUp(reason: 'resume' | 'unlock' | 'online'): void {
    notices.expectCatchUp()
    host?.poll(reason)
  }

  deps.power.onResume(() => catchUp('resume'))
  deps.power.onLockChange((locked) => {
    reportPresence()
    if (!locked) catchUp('unlock')
  })

  const hostEvents: PipelineHostEvents = {
    ready(info) {
      log('info', `pipeline ready: ${info.warehouse}${info.demo ? ' (demo)' : ''}`)
      // A (re)started worker knows nothing of presence: tell it now, not at the next tick.
      reportPresence()
    },
    status(sync, moments) {
      workerSync = sync
      latest = moments
      publish()
    },
    delivered(moments, total, digest) {
      if (total > 0) windows.broadcast('moments.changed', { added: total })
      notices.polled(moments, total, { digest })
    },
    prefs(next) {
      prefs = next
      if (deps.loginItem.get() !== next.launchAtLogin) deps.loginItem.set(next.launchAtLogin)
    },
    problem: (message) => log('warn', message),
  }

  return {
    hostEvents,
    attach(pipeline: PipelineHost): void {
      host = pipeline
      render()
    },
    prefs: () => prefs,
    /** What `status.get` answers */
    status: current,
    /** Every TICK_MS: presence for Slack forwarding, the network, pause and quiet hours ending. */
    tick(): void {
      reportPresence()
      const online = deps.network.isOnline()
      if (online === offline) {
        offline = !online
        publish()
        if (online) catchUp('online')
      }
      const wasPaused = notices.pausedUntil() !== null
      notices.tick()
      if (wasPaused && notices.pausedUntil() === null) publish()
      else render()
    },
    command: runCommand,
  }
}

export type DesktopApp = ReturnType<typeof desktopApp>
