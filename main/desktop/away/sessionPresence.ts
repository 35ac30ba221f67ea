// Idle time and the screen lock from the Linux desktop over D-Bus, where Electron cannot tell:
// under Wayland, Chromium reads idle time only from the compositor's idle protocols, which GNOME's
// Mutter does not offer (powerMonitor.getSystemIdleTime() stays 0), and Electron's lock-screen
// events exist on macOS and Windows only. GNOME answers org.gnome.Mutter.IdleMonitor and
// org.gnome.ScreenSaver; KDE and others org.freedesktop.ScreenSaver.
import type { SessionBus, SessionBusCall } from '../linux/sessionBus.ts'

/** What the desktop said at the last refresh; null where it cannot tell. */
export interface SessionReading {
  idleSeconds: number | null
  locked: boolean | null
}

const IDLE_MONITOR: SessionBusCall = {
  destination: 'org.gnome.Mutter.IdleMonitor',
  path: '/org/gnome/Mutter/IdleMonitor/Core',
  interface: 'org.gnome.Mutter.IdleMonitor',
  member: 'GetIdletime',
}

const SCREEN_SAVERS: SessionBusCall[] = [
  {
    destination: 'org.gnome.ScreenSaver',
    path: '/org/gnome/ScreenSaver',
    interface: 'org.gnome.ScreenSaver',
    member: 'GetActive',
  },
  {
    destination: 'org.freedesktop.ScreenSaver',
    path: '/org/freedesktop/ScreenSaver',
    interface: 'org.freedesktop.ScreenSaver',
    member: 'GetActive',
  },
]

export function sessionPresence(bus: SessionBus) {
  let reading: SessionReading = { idleSeconds: null, locked: null }

  async function idleSeconds(): Promise<number | null> {
    try {
      const ms = await bus.call(IDLE_MONITOR)
      return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? Math.floor(ms / 1000) : null
    } catch {
      return null
    }
  }

  async function locked(): Promise<boolean | null> {
    for (const call of SCREEN_SAVERS) {
      try {
        const active = await bus.call(call)
        if (typeof active === 'boolean') return active
      } catch {
        // Not this desktop's screen saver: try the next.
      }
    }
    return null
  }

  return {
    /** Asks the desktop again (every presence tick); never rejects. */
    async refresh(): Promise<SessionReading> {
      const [idle, lock] = await Promise.all([idleSeconds(), locked()])
      reading = { idleSeconds: idle, locked: lock }
      return reading
    },
    last: (): SessionReading => reading,
  }
}

export type SessionPresence = ReturnType<typeof sessionPresence>
