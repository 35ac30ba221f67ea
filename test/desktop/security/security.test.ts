import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appFilePath, contentType } from '../../../main/desktop/security/appFiles.ts'
import { CONTENT_SECURITY_POLICY } from '../../../main/desktop/security/contentSecurityPolicy.ts'
import { isAllowedExternal, isAllowedSignInUrl } from '../../../main/desktop/security/externalLinks.ts'
import {
  denyPermissions,
  type GuardedContents,
  type GuardedSession,
  guardWebContents,
} from '../../../main/desktop/security/guardWebContents.ts'

const INSTANCE = 'https://acme.my.salesforce.com'

describe('shell.openExternal allow-list', () => {
  it('lets through https links to the user instance (and its Lightning host) only', () => {
    expect(isAllowedExternal(`${INSTANCE}/lightning/r/Account/001/view`, INSTANCE)).toBe(true)
    expect(isAllowedExternal('https://acme.lightning.force.com/lightning/r/Account/001/view', INSTANCE)).toBe(
      true,
    )
    for (const url of [
      'http://acme.my.salesforce.com/x',
      'https://evil.example/x',
      'https://acme.my.salesforce.com.evil.example/x',
      'https://user:pw@acme.my.salesforce.com/x',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://share/x',
      'not a url',
    ]) {
      expect(isAllowedExternal(url, INSTANCE), url).toBe(false)
    }
    expect(isAllowedExternal(`${INSTANCE}/x`, null)).toBe(false)
  })

  it('opens only https OAuth authorize pages for sign-in', () => {
    expect(isAllowedSignInUrl(`${INSTANCE}/services/oauth2/authorize?client_id=x`)).toBe(true)
    expect(isAllowedSignInUrl('http://acme.my.salesforce.com/services/oauth2/authorize')).toBe(false)
    expect(isAllowedSignInUrl(`${INSTANCE}/secur/frontdoor.jsp`)).toBe(false)
  })
})

describe('window hardening', () => {
  it('has a CSP with no remote sources and no inline script', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'")
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/)
  })

  it('blocks navigation, redirects, webviews and new windows', () => {
    const on = new Map<string, (event: { preventDefault(): void; url: string }) => void>()
    const captured: { open?: (details: { url: string }) => { action: 'deny' } } = {}
    const contents: GuardedContents = {
      on: (event: string, listener: (event: { preventDefault(): void; url: string }) => void) =>
        void on.set(event, listener),
      setWindowOpenHandler: (handler) => {
        captured.open = handler
      },
    } as GuardedContents
    const blocked: string[] = []
    guardWebContents(contents, (what, url) => blocked.push(`${what} ${url}`))
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false
      on.get(event)?.({ preventDefault: () => (prevented = true), url: 'https://evil.example/' })
      expect(prevented, event).toBe(true)
    }
    expect(captured.open?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(blocked).toEqual([
      'navigation https://evil.example/',
      'redirect https://evil.example/',
      'new window https://evil.example/',
    ])
  })

  it('denies every permission request and check', () => {
    const handlers: {
      request?: Parameters<GuardedSession['setPermissionRequestHandler']>[0]
      check?: Parameters<GuardedSession['setPermissionCheckHandler']>[0]
    } = {}
    denyPermissions({
      setPermissionRequestHandler: (h) => {
        handlers.request = h
      },
      setPermissionCheckHandler: (h) => {
        handlers.check = h
      },
    })
    const answers: boolean[] = []
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      handlers.request?.({}, permission, (granted: boolean) => answers.push(granted))
      answers.push(handlers.check?.({}, permission) ?? true)
    }
    expect(answers.every((a) => a === false)).toBe(true)
  })
})

describe('app://moments files', () => {
  const root = resolve('/srv/renderer')

  it('maps app://moments paths into the renderer build', () => {
    expect(appFilePath(root, 'app://moments/index.html')).toBe(join(root, 'index.html'))
    expect(appFilePath(root, 'app://moments/')).toBe(join(root, 'index.html'))
    expect(appFilePath(root, 'app://moments/assets/index-abc.js?x=1#y')).toBe(
      join(root, 'assets/index-abc.js'),
    )
  })

  it('refuses other hosts, climbing out and hidden files', () => {
    // The URL parser resolves a plain `..` itself: it stays inside the build.
    expect(appFilePath(root, 'app://moments/../index.html')).toBe(join(root, 'index.html'))
    expect(appFilePath(root, 'app://moments/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'etc/passwd'))
    expect(appFilePath(root, 'app://moments/assets/..%2f..%2f..%2fsecrets.json')).toBe(
      join(root, 'secrets.json'),
    )
    for (const url of [
      'app://other/index.html',
      'app://moments/.env',
      'app://moments/a%00.html',
      'https://moments/index.html',
    ]) {
      expect(appFilePath(root, url), url).toBeNull()
    }
  })

  it('names content types', () => {
    expect(contentType('/a/index.html')).toBe('text/html; charset=utf-8')
    expect(contentType('/a/x.JS')).toBe('text/javascript; charset=utf-8')
    expect(contentType('/a/x.bin')).toBe('application/octet-stream')
  })
})
