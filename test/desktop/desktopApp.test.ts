// The desktop app's behaviour over typed fakes: tray commands, notifications from the pipeline's
// reports, sleep and network, the login item.
import { describe, expect, it, vi } from 'vitest'
import { type DesktopAppDeps, desktopApp } from '../../main/desktop/desktopApp.ts'
import type { PipelineHost } from '../../main/desktop/host/pipelineHost.ts'
import type {
  LoginItemPort,
  NotificationHandlers,
  NotificationSpec,
  NotifierPort,
  PowerPort,
  TrayPort,
} from '../../main/desktop/ports.ts'
import type { TrayMenuItem } from '../../main/desktop/tray/trayView.ts'
import type { AppWindows, WindowName } from '../../main/desktop/windows/appWindows.ts'
import { localTime, notices, syncState } from './support/fixtures.ts'

class FakeTray implements TrayPort {
  image = ''
  tooltip = ''
  title = ''
  menu: readonly TrayMenuItem[] = []
  run: (command: string) => void = () => {}
  setImage = (path: string) => {
    this.image = path
  }
  setToolTip = (text: string) => {
    this.tooltip = text
  }
  setTitle = (text: string) => {
    this.title = text
  }
  setMenu(items: readonly TrayMenuItem[], onCommand: (command: string) => void) {
    this.menu = items
    this.run = onCommand
  }
}

class FakePower implements PowerPort {
  idle = 0
  resume: () => void = () => {}
  private lockListeners: ((locked: boolean) => void)[] = []
  lock = (locked: boolean) => {
    for (const listener of this.lockListeners) listener(locked)
  }
  idleSeconds = () => this.idle
  idleState = () => 'unknown' as const
  onResume = (listener: () => void) => {
    this.resume = listener
  }
  onLockChange = (listener: (locked: boolean) => void) => void this.lockListeners.push(listener)
}

function setup(platform: DesktopAppDeps['platform'] = 'darwin', linux: Partial<DesktopAppDeps> = {}) {
  let now = localTime(12)
  const tray = new FakeTray()
  const power = new FakePower()
  const shown: NotificationSpec[] = []
  const handlers: NotificationHandlers[] = []
  const notifications: NotifierPort = {
    supported: () => true,
    show: (spec, h) => {
      shown.push(spec)
      handlers.push(h)
    },
  }
  let online = true
  let loginItem = false
  const login: LoginItemPort = {
    get: () => loginItem,
    set: (v) => {
      loginItem = v
    },
  }
  const opened: WindowName[] = []
  const pushed: [string, unknown][] = []
  const windows = {
    show: (name: WindowName) => void opened.push(name),
    contentsIds: () => new Set<number>(),
    broadcast: (event: string, payload: unknown) => void pushed.push([event, payload]),
    sendTo: async (name: WindowName, event: string, payload: unknown) => {
      opened.push(name)
      pushed.push([event, payload])
    },
  } as unknown as AppWindows
  const host = {
    polls: [] as string[],
    invokes: [] as [string, unknown][],
    presences: [] as unknown[],
    /** What the worker answers an invoke with */
    answer: (_channel: string, _request: unknown): Promise<unknown> => Promise.resolve({ until: 'x' }),
    poll(reason: string) {
      this.polls.push(reason)
    },
    invoke(channel: string, request: unknown) {
      this.invokes.push([channel, request])
      return this.answer(channel, request)
    },
    presence(p: unknown) {
      this.presences.push(p)
    },
  }
  let quit = false
  const deps: DesktopAppDeps = {
    ...linux,
    platform,
    clock: () => now,
    resourcesDir: '/res',
    tray,
    notifications,
    power,
    network: { isOnline: () => online },
    loginItem: login,
    windows,
    quit: () => {
      quit = true
    },
    log: () => {},
  }
  const app = desktopApp(deps)
  app.attach(host as unknown as PipelineHost)
  return {
    app,
    tray,
    power,
    shown,
    handlers,
    host,
    opened,
    pushed,
    setNow: (t: number) => {
      now = t
    },
    setOnline: (v: boolean) => {
      online = v
    },
    loginItem: () => loginItem,
    quitted: () => quit,
  }
}

describe('the desktop app', () => {
  it('renders the tray from the pipeline status and pushes it to the windows', () => {
    const t = setup()
    t.app.hostEvents.status({ state: syncState({ unread: 3 }), setupProblem: false }, [
      { id: 'm1', title: 'Hello', read: false },
    ])
    expect(t.tray.image).toBe('/res/tray/tray-newTemplate.png')
    expect(t.tray.title).toBe('3')
    expect(t.tray.menu[0]).toMatchObject({ label: '● Hello', command: 'moment:m1' })
    expect(t.pushed).toContainEqual(['status.changed', syncState({ unread: 3 })])
  })

  it('notifies what a poll delivered, tells the windows, and opens the moment on a click', async () => {
    const t = setup()
    t.app.hostEvents.delivered(notices(2), 2)
    expect(t.shown.map((s) => s.title)).toHaveLength(2)
    expect(t.pushed).toContainEqual(['moments.changed', { added: 2 }])
    t.handlers[0]?.onClick()
    await Promise.resolve()
    expect(t.opened).toContain('history')
    expect(t.pushed).toContainEqual(['navigate', { momentId: 'm1' }])
  })

  it('mutes through the pipeline when a notification button is pressed', async () => {
    const t = setup()
    t.app.hostEvents.delivered(notices(1), 1)
    expect(t.shown[0]?.actions).toEqual(['Reach out', 'Snooze this account for a day', 'Mute this rule'])
    t.handlers[0]?.onAction(2)
    await Promise.resolve()
    expect(t.host.invokes).toEqual([
      ['mutes.set', { kind: 'rule', target: 'code-engine-test', forMs: 7 * 86_400_000 }],
    ])
  })

  it('logs to Salesforce in one press once signed in, and says so; a refusal is shown with its reason', async () => {
    const t = setup()
    t.app.hostEvents.prefs({
      quietHours: { enabled: false, from: '20:00', to: '08:00' },
      digestThreshold: 5,
      launchAtLogin: false,
      salesforceInstanceUrl: 'https://acme.my.salesforce.com',
    })
    t.app.hostEvents.status({ state: syncState(), setupProblem: false }, [])
    const action = { kind: 'log', at: '2026-11-26T12:00:00.000Z', ref: '00T000000000001AAA' }
    t.host.answer = async () => ({ action, already: false, actions: [action] })
    t.app.hostEvents.delivered(notices(1), 1)
    expect(t.shown[0]?.actions).toEqual([
      'Reach out',
      'Log to Salesforce',
      'Snooze this account for a day',
      'Mute this rule',
    ])
    t.handlers[0]?.onAction(1)
    await vi.waitFor(() => expect(t.shown).toHaveLength(2))
    expect(t.host.invokes).toEqual([['moments.act', { id: 'm1', kind: 'log' }]])
    expect(t.shown[1]).toMatchObject({
      title: 'Logged to Salesforce',
      body: 'Task 00T000000000001AAA on Account 1',
    })
    expect(t.pushed).toContainEqual(['moments.changed', { added: 0 }])

    t.host.answer = () =>
      Promise.reject(
        new Error('Salesforce refused it (HTTP 400): FIELD_CUSTOM_VALIDATION_EXCEPTION: Needs a Type'),
      )
    t.handlers[0]?.onAction(1)
    await vi.waitFor(() => expect(t.shown).toHaveLength(3))
    expect(t.shown[2]).toMatchObject({
      title: 'Not logged to Salesforce',
      body: 'Salesforce refused it (HTTP 400): FIELD_CUSTOM_VALIDATION_EXCEPTION: Needs a Type',
    })
    t.handlers[2]?.onClick()
    await vi.waitFor(() => expect(t.pushed).toContainEqual(['navigate', { momentId: 'm1' }]))
  })

  it('reaches out in one press: the worker drafts, the mail client opens, nothing else to tell', async () => {
    const t = setup()
    t.host.answer = async () => ({
      action: { kind: 'email', at: 'x', ref: null },
      already: false,
      actions: [],
    })
    t.app.hostEvents.delivered(notices(1), 1)
    t.handlers[0]?.onAction(0)
    await vi.waitFor(() => expect(t.host.invokes).toEqual([['moments.act', { id: 'm1', kind: 'email' }]]))
    expect(t.shown).toHaveLength(1)
  })

  it('offers no Log button in the demo, whose accounts are made up', () => {
    const t = setup()
    t.app.hostEvents.prefs({
      quietHours: { enabled: false, from: '20:00', to: '08:00' },
      digestThreshold: 5,
      launchAtLogin: false,
      salesforceInstanceUrl: 'https://acme.my.salesforce.com',
    })
    t.app.hostEvents.status({ state: syncState({ demo: true }), setupProblem: false }, [])
    t.app.hostEvents.delivered(notices(1), 1)
    expect(t.shown[0]?.actions).not.toContain('Log to Salesforce')
  })

  it('Pause ▸ 1 hour holds notifications and shows the paused icon; Resume releases them as a digest', () => {
    const t = setup()
    t.app.hostEvents.status({ state: syncState(), setupProblem: false }, [])
    t.tray.run('pause:1h')
    // Main owns the pause: the windows hear of it at once, with no trip to the pipeline worker.
    const paused = syncState({ phase: 'paused', pausedUntil: new Date(localTime(13)).toISOString() })
    expect(t.pushed.at(-1)).toEqual(['status.changed', paused])
    expect(t.app.status()).toEqual(paused)
    expect(t.tray.image).toBe('/res/tray/tray-pausedTemplate.png')
    t.app.hostEvents.delivered(notices(3), 3)
    expect(t.shown).toHaveLength(0)
    t.tray.run('resume')
    expect(t.shown.map((s) => s.title)).toEqual(['3 new moments in 3 accounts'])
    expect(t.pushed.at(-1)).toEqual(['status.changed', syncState()])
  })

  it('polls at once on Sync now, and on wake from sleep with the catch-up as one digest', () => {
    const t = setup()
    t.tray.run('sync-now')
    t.power.resume()
    expect(t.host.polls).toEqual(['user', 'resume'])
    t.app.hostEvents.delivered(notices(2), 2)
    expect(t.shown.map((s) => s.title)).toEqual(['2 new moments in 2 accounts'])
  })

  it('goes offline and back: the tray says so, and coming back polls with a digest', () => {
    const t = setup()
    t.app.hostEvents.status(
      { state: syncState({ phase: 'error', lastError: 'ECONNRESET' }), setupProblem: false },
      [],
    )
    t.setOnline(false)
    t.app.tick()
    expect(t.app.status().phase).toBe('offline') // a failing poll while offline is offline
    expect(t.pushed.at(-1)).toEqual(['status.changed', t.app.status()])
    t.setOnline(true)
    t.app.tick()
    expect(t.app.status().phase).toBe('error')
    expect(t.host.polls).toEqual(['online'])
  })

  it('tells the pipeline about presence (for Slack "only when away") on every tick and on lock', () => {
    const t = setup()
    t.power.idle = 900
    t.app.tick()
    t.power.lock(true)
    const both = { idle: true, lock: true }
    expect(t.host.presences).toEqual([
      { idleSeconds: 900, locked: false, detects: both },
      { idleSeconds: 900, locked: true, detects: both },
    ])
    t.power.lock(false)
    expect(t.host.polls).toEqual(['unlock'])
  })

  it('on GNOME Wayland asks the desktop over D-Bus before telling the pipeline, and on every start of it', async () => {
    let reading = { idleSeconds: 1_200 as number | null, locked: false as boolean | null }
    let refreshes = 0
    const t = setup('linux', {
      wayland: true,
      session: {
        refresh: async () => {
          refreshes++
          return reading
        },
        last: () => reading,
      },
    })
    t.app.tick()
    await expect.poll(() => t.host.presences.length).toBe(1)
    expect(t.host.presences[0]).toEqual({
      idleSeconds: 1_200,
      locked: false,
      detects: { idle: true, lock: true },
    })
    reading = { idleSeconds: null, locked: null }
    t.app.hostEvents.ready({ demo: true, warehouse: 'demo' })
    await expect.poll(() => t.host.presences.length).toBe(2)
    expect(t.host.presences[1]).toEqual({
      idleSeconds: 0,
      locked: false,
      detects: { idle: false, lock: false },
    })
    expect(refreshes).toBe(2)
  })

  it('follows the launch-at-login setting', () => {
    const t = setup()
    const prefs = {
      quietHours: { enabled: false, from: '20:00', to: '08:00' },
      digestThreshold: 5,
      launchAtLogin: true,
      salesforceInstanceUrl: null,
    }
    t.app.hostEvents.prefs(prefs)
    expect(t.loginItem()).toBe(true)
    t.app.hostEvents.prefs({ ...prefs, launchAtLogin: false })
    expect(t.loginItem()).toBe(false)
  })

  it('opens history and settings, and quits, from the tray', () => {
    const t = setup()
    t.tray.run('open-history')
    t.tray.run('settings')
    t.tray.run('quit')
    expect(t.opened).toEqual(['history', 'settings'])
    expect(t.quitted()).toBe(true)
  })
})
