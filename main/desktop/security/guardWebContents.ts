// Navigation and new windows are refused for every webContents; the app only ever shows its own
// bundled pages, so there is nothing legitimate to allow. Permission requests (camera,
// notifications from the page, geolocation…) are refused too: notifications come from main.

export interface GuardedContents {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: { preventDefault(): void; url: string }) => void,
  ): void
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): void
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

export interface GuardedSession {
  setPermissionRequestHandler(
    handler: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null,
  ): void
  setPermissionCheckHandler(handler: ((wc: unknown, permission: string) => boolean) | null): void
}

export function guardWebContents(
  contents: GuardedContents,
  onBlocked?: (what: string, url: string) => void,
): void {
  const block = (what: string) => (event: { preventDefault(): void; url: string }) => {
    // In-app hash routes don't fire will-navigate; anything that does is leaving the app.
    event.preventDefault()
    onBlocked?.(what, event.url)
  }
  contents.on('will-navigate', block('navigation'))
  contents.on('will-redirect', block('redirect'))
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    onBlocked?.('new window', url)
    return { action: 'deny' }
  })
}

export function denyPermissions(session: GuardedSession): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}
