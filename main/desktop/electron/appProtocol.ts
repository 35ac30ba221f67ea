// app://moments/…: the windows' files, served from the renderer build with the security headers.
// A privileged standard scheme (not file://) gives the pages a real origin, so the IPC sender
// check and the CSP's 'self' mean exactly "our bundled files".

import { readFile } from 'node:fs/promises'
import { protocol, type Session } from 'electron'
import { appFilePath, contentType } from '../security/appFiles.ts'
import { CONTENT_SECURITY_POLICY, securityHeaders } from '../security/contentSecurityPolicy.ts'

/** Before `ready`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: 'app',
      // corsEnabled: Vite's module scripts are fetched in CORS mode (same origin, but a custom
      // scheme must opt in to CORS at all).
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ])
}

export function serveAppFiles(rendererDir: string): void {
  protocol.handle('app', async (request) => {
    const path = request.method === 'GET' ? appFilePath(rendererDir, request.url) : null
    if (!path) return new Response('Not found', { status: 404, headers: securityHeaders() })
    try {
      const body = await readFile(path)
      return new Response(body, {
        status: 200,
        headers: { ...securityHeaders(), 'Content-Type': contentType(path) },
      })
    } catch {
      return new Response('Not found', { status: 404, headers: securityHeaders() })
    }
  })
}

/** Belt and braces: the CSP on every response the session sees, whatever served it. */
export function enforceCspHeaders(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    })
  })
}
