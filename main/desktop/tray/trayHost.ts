// Whether a Linux desktop will show Moments' tray icon. Electron's Linux tray is a
// StatusNotifierItem, which needs a StatusNotifierWatcher on the session bus (KDE, Xfce, Cinnamon,
// Ubuntu's GNOME with its AppIndicator extension); without one Electron falls back to a
// GtkStatusIcon, which only an X11 system tray shows: GNOME has had none since 3.26, and
// Wayland none at all. Electron does not say when the icon went nowhere.
import type { DesktopSession } from '../linux/desktopSession.ts'
import type { SessionBus } from '../linux/sessionBus.ts'

export const STATUS_NOTIFIER_WATCHER = 'org.kde.StatusNotifierWatcher'

export async function trayIconShown(bus: SessionBus | null, session: DesktopSession): Promise<boolean> {
  if (bus) {
    try {
      const owned = await bus.call({
        destination: 'org.freedesktop.DBus',
        path: '/org/freedesktop/DBus',
        interface: 'org.freedesktop.DBus',
        member: 'NameHasOwner',
        signature: 's',
        body: [STATUS_NOTIFIER_WATCHER],
      })
      if (owned === true) return true
    } catch {
      // The bus did not answer: decide from the session alone.
    }
  }
  return !session.wayland && !/gnome/i.test(session.desktop)
}
