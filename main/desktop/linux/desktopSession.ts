/** What the environment says of the Linux desktop session Moments runs in. */
export interface DesktopSession {
  /** A Wayland session: Electron 41 runs as a native Wayland client there (`--ozone-platform` defaults to auto) */
  wayland: boolean
  /** XDG_CURRENT_DESKTOP, e.g. `GNOME`, `ubuntu:GNOME`, `KDE` */
  desktop: string
}

export function desktopSession(env: NodeJS.ProcessEnv): DesktopSession {
  return {
    wayland: env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY),
    desktop: env.XDG_CURRENT_DESKTOP ?? '',
  }
}
