// What Moments asks a Linux desktop over D-Bus, against a real dbus-daemon with stand-ins of
// GNOME's and KDE's services: is there a tray icon host, how long has the user been idle, is the
// screen locked. A desktop that cannot tell, or does not answer, is said to be unable to.

import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { presenceReader } from '../../../main/desktop/away/awayDecision.ts'
import { sessionPresence } from '../../../main/desktop/away/sessionPresence.ts'
import { desktopSession } from '../../../main/desktop/linux/desktopSession.ts'
import {
  connectSessionBus,
  type SessionBus,
  sessionBusSocket,
} from '../../../main/desktop/linux/sessionBus.ts'
import { STATUS_NOTIFIER_WATCHER, trayIconShown } from '../../../main/desktop/tray/trayHost.ts'
import { type SessionBusDaemon, startSessionBus } from '../../support/sessionBusDaemon.ts'

let daemon: SessionBusDaemon
let bus: SessionBus

beforeAll(async () => {
  daemon = await startSessionBus()
  bus = connectSessionBus(daemon.address) as SessionBus
})

afterAll(async () => {
  bus?.close()
  await daemon?.close()
})

const GNOME_WAYLAND = desktopSession({ XDG_SESSION_TYPE: 'wayland', XDG_CURRENT_DESKTOP: 'GNOME' })

describe('the session bus address', () => {
  it('is a unix path or an abstract socket; anything else is no bus', () => {
    expect(sessionBusSocket('unix:path=/run/user/1000/bus')).toBe('/run/user/1000/bus')
    expect(sessionBusSocket('unix:abstract=/tmp/dbus-AbC,guid=42')).toBe('\0/tmp/dbus-AbC')
    expect(sessionBusSocket('tcp:host=localhost,port=1;unix:path=/b')).toBe('/b')
    expect(sessionBusSocket(undefined)).toBeNull()
    expect(sessionBusSocket('tcp:host=localhost,port=1')).toBeNull()
    expect(connectSessionBus(undefined)).toBeNull()
  })
})

describe('the tray icon host', () => {
  it('is missing on GNOME without an AppIndicator extension, there once a StatusNotifierWatcher owns its name', async () => {
    expect(await trayIconShown(bus, GNOME_WAYLAND)).toBe(false)
    const stop = await daemon.provide(
      STATUS_NOTIFIER_WATCHER,
      '/StatusNotifierWatcher',
      STATUS_NOTIFIER_WATCHER,
      {
        RegisterStatusNotifierHost: ['s', '', () => undefined],
      },
    )
    try {
      expect(await trayIconShown(bus, GNOME_WAYLAND)).toBe(true)
    } finally {
      stop()
    }
  })

  it('without a bus: an X11 tray outside GNOME shows the fallback icon, GNOME and Wayland do not', async () => {
    expect(
      await trayIconShown(null, desktopSession({ XDG_SESSION_TYPE: 'x11', XDG_CURRENT_DESKTOP: 'XFCE' })),
    ).toBe(true)
    expect(
      await trayIconShown(
        null,
        desktopSession({ XDG_SESSION_TYPE: 'x11', XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' }),
      ),
    ).toBe(false)
    expect(
      await trayIconShown(null, desktopSession({ WAYLAND_DISPLAY: 'wayland-0', XDG_CURRENT_DESKTOP: 'KDE' })),
    ).toBe(false)
  })
})

describe('presence from the desktop', () => {
  it('is unknown where no desktop service answers: "away" then forwards everything', async () => {
    const session = sessionPresence(bus)
    expect(await session.refresh()).toEqual({ idleSeconds: null, locked: null })
    const read = presenceReader(noElectronIdle, { platform: 'linux', wayland: true }, session)
    expect(read().detects).toEqual({ idle: false, lock: false })
  })

  it('under GNOME: idle time from Mutter’s IdleMonitor, the lock from org.gnome.ScreenSaver', async () => {
    let idleMs = 754_321
    let active = false
    const stops = await Promise.all([
      daemon.provide(
        'org.gnome.Mutter.IdleMonitor',
        '/org/gnome/Mutter/IdleMonitor/Core',
        'org.gnome.Mutter.IdleMonitor',
        {
          GetIdletime: ['', 't', () => idleMs],
        },
      ),
      daemon.provide('org.gnome.ScreenSaver', '/org/gnome/ScreenSaver', 'org.gnome.ScreenSaver', {
        GetActive: ['', 'b', () => active],
      }),
    ])
    try {
      const session = sessionPresence(bus)
      const read = presenceReader(noElectronIdle, { platform: 'linux', wayland: true }, session)
      await session.refresh()
      expect(read()).toEqual({ idleSeconds: 754, locked: false, detects: { idle: true, lock: true } })
      idleMs = 2_000
      active = true
      await session.refresh()
      expect(read()).toEqual({ idleSeconds: 2, locked: true, detects: { idle: true, lock: true } })
    } finally {
      for (const stop of stops) stop()
    }
  })

  it('under KDE and others: the lock from org.freedesktop.ScreenSaver', async () => {
    const stop = await daemon.provide(
      'org.freedesktop.ScreenSaver',
      '/org/freedesktop/ScreenSaver',
      'org.freedesktop.ScreenSaver',
      {
        GetActive: ['', 'b', () => true],
      },
    )
    try {
      expect(await sessionPresence(bus).refresh()).toEqual({ idleSeconds: null, locked: true })
    } finally {
      stop()
    }
  })

  it('gives up within the call timeout on a bus that never answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'moments-mute-bus-'))
    const mute: Server = createServer(() => {})
    await new Promise<void>((resolve) => mute.listen(join(dir, 'bus'), resolve))
    const silent = connectSessionBus(`unix:path=${join(dir, 'bus')}`, 200) as SessionBus
    try {
      const started = Date.now()
      expect(await sessionPresence(silent).refresh()).toEqual({ idleSeconds: null, locked: null })
      expect(await trayIconShown(silent, GNOME_WAYLAND)).toBe(false)
      expect(Date.now() - started).toBeLessThan(5_000)
    } finally {
      silent.close()
      mute.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

const noElectronIdle = {
  idleSeconds: () => 0,
  idleState: () => 'unknown' as const,
  onResume: () => {},
  onLockChange: () => {},
}
