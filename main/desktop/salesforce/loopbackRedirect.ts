// The OAuth redirect target of a native app (RFC 8252 §7.3): an HTTP listener on 127.0.0.1 that
// waits for the one /callback carrying our `state`, answers the browser with a short page, and
// closes. Anything else (another path, a wrong state) is refused without ending the wait.

import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export class SignInError extends Error {
  override name = 'SignInError'
}

export interface LoopbackRedirect {
  redirectUri: string
  /** Resolves with the authorization code once the browser comes back with `state`. */
  waitForCode(state: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<string>
  close(): Promise<void>
}

export async function openLoopbackRedirect(port: number): Promise<LoopbackRedirect> {
  let expected: { state: string; resolve: (code: string) => void; reject: (error: Error) => void } | null =
    null
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    if (request.method !== 'GET' || url.pathname !== '/callback') return reply(response, 404, 'Not found.')
    const params = url.searchParams
    if (!expected || params.get('state') !== expected.state) {
      return reply(
        response,
        400,
        'This sign-in link is not the one Moments is waiting for. Start again from Moments.',
      )
    }
    const error = params.get('error')
    if (error) {
      reply(
        response,
        400,
        'Salesforce did not sign you in. You can close this tab and try again from Moments.',
      )
      expected.reject(
        new SignInError(
          `Salesforce refused the sign-in: ${error} ${params.get('error_description') ?? ''}`.trim(),
        ),
      )
      return
    }
    const code = params.get('code')
    if (!code) return reply(response, 400, 'The sign-in answer has no code.')
    reply(response, 200, 'Signed in to Salesforce. You can close this tab and return to Moments.')
    expected.resolve(code)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new SignInError(
              `port ${port} on 127.0.0.1 is in use: close the other program or sign-in and try again`,
            )
          : error,
      ),
    )
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const actualPort = (server.address() as AddressInfo).port

  return {
    redirectUri: `http://127.0.0.1:${actualPort}/callback`,
    waitForCode(state, { timeoutMs, signal }) {
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => finish(new SignInError('sign-in timed out: the browser did not come back')),
          timeoutMs,
        )
        const onAbort = () => finish(new SignInError('sign-in cancelled'))
        signal?.addEventListener('abort', onAbort, { once: true })
        function finish(error: Error | null, code?: string) {
          clearTimeout(timer)
          signal?.removeEventListener('abort', onAbort)
          expected = null
          if (error) reject(error)
          else resolve(code as string)
        }
        expected = { state, resolve: (code) => finish(null, code), reject: (error) => finish(error) }
      })
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function reply(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'",
  })
  response.end(`${text}\n`)
}
