/**
 * A local stand-in for Salesforce's OAuth 2.0 endpoints, for the desktop sign-in tests with the
 * real jsforce OAuth2 client:
 *
 * - `GET /services/oauth2/authorize` → 302 to `redirect_uri?code=…&state=…` (the user "approves"),
 *   remembering the PKCE `code_challenge`;
 * - `POST /services/oauth2/token` → `authorization_code` (checks the code, the redirect URI and
 *   that SHA-256(code_verifier) is the challenge) and `refresh_token` grants;
 * - `GET /id/<org>/<user>` → the identity of a bearer token;
 * - `POST /services/oauth2/revoke`.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export const CLIENT_ID = 'moments-desktop-test-client'
const ORG = '00D000000000001AAA'
const USER = '005000000000001AAA'

export class OAuthStandIn {
  url = ''
  readonly requests: { path: string; grant?: string; verifierOk?: boolean }[] = []
  readonly revoked: string[] = []
  private server: Server | undefined
  private codes = new Map<string, { challenge: string | null; redirectUri: string }>()
  private refreshTokens = new Set<string>()
  private accessTokens = new Set<string>()
  /** Called with each access token issued (e.g. to make the data stand-in accept it) */
  onAccessToken: (token: string) => void = () => {}
  /** The next authorize request is answered with this OAuth error instead of a code */
  denyNext: string | null = null

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) =>
        json(res, 500, { error: 'server_error', error_description: error.message }),
      )
    })
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this.url
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) => this.server?.close(() => resolve()))
  }

  revokeRefreshTokens(): void {
    this.refreshTokens.clear()
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url)
    if (req.method === 'GET' && url.pathname === '/services/oauth2/authorize') return this.authorize(url, res)
    if (req.method === 'POST' && url.pathname === '/services/oauth2/token')
      return this.token(await form(req), res)
    if (req.method === 'POST' && url.pathname === '/services/oauth2/revoke') {
      this.revoked.push((await form(req)).get('token') ?? '')
      res.writeHead(200).end()
      return
    }
    if (req.method === 'GET' && url.pathname === `/id/${ORG}/${USER}`) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
      if (!bearer || !this.accessTokens.has(bearer)) return json(res, 403, 'Bad_OAuth_Token')
      return json(res, 200, { user_id: USER, organization_id: ORG, username: 'am@example.com' })
    }
    json(res, 404, { error: 'not_found' })
  }

  private authorize(url: URL, res: ServerResponse): void {
    const p = url.searchParams
    this.requests.push({ path: url.pathname })
    const redirectUri = p.get('redirect_uri') ?? ''
    if (p.get('client_id') !== CLIENT_ID || p.get('response_type') !== 'code' || !redirectUri) {
      json(res, 400, { error: 'invalid_request' })
      return
    }
    const back = new URL(redirectUri)
    back.searchParams.set('state', p.get('state') ?? '')
    if (this.denyNext) {
      back.searchParams.set('error', this.denyNext)
      this.denyNext = null
    } else {
      const code = randomBytes(12).toString('hex')
      this.codes.set(code, { challenge: p.get('code_challenge'), redirectUri })
      back.searchParams.set('code', code)
    }
    res.writeHead(302, { Location: back.toString() }).end()
  }

  private token(params: URLSearchParams, res: ServerResponse): void {
    const grant = params.get('grant_type') ?? ''
    if (params.get('client_id') !== CLIENT_ID) {
      json(res, 400, { error: 'invalid_client_id' })
      return
    }
    if (grant === 'authorization_code') {
      const issued = this.codes.get(params.get('code') ?? '')
      this.codes.delete(params.get('code') ?? '')
      const verifier = params.get('code_verifier') ?? ''
      const verifierOk = issued?.challenge === createHash('sha256').update(verifier).digest('base64url')
      this.requests.push({ path: '/services/oauth2/token', grant, verifierOk })
      if (!issued || issued.redirectUri !== params.get('redirect_uri')) {
        json(res, 400, { error: 'invalid_grant', error_description: 'authorization code is invalid' })
        return
      }
      if (!verifierOk) {
        json(res, 400, { error: 'invalid_grant', error_description: 'invalid code verifier' })
        return
      }
      const refresh = `refresh-${randomBytes(8).toString('hex')}`
      this.refreshTokens.add(refresh)
      json(res, 200, this.tokenBody(refresh))
      return
    }
    if (grant === 'refresh_token') {
      this.requests.push({ path: '/services/oauth2/token', grant })
      if (!this.refreshTokens.has(params.get('refresh_token') ?? '')) {
        json(res, 400, { error: 'invalid_grant', error_description: 'expired access/refresh token' })
        return
      }
      json(res, 200, this.tokenBody(null))
      return
    }
    json(res, 400, { error: 'unsupported_grant_type' })
  }

  private tokenBody(refresh: string | null) {
    const access = `access-${randomBytes(8).toString('hex')}`
    this.accessTokens.add(access)
    this.onAccessToken(access)
    return {
      access_token: access,
      ...(refresh ? { refresh_token: refresh } : {}),
      instance_url: this.url,
      id: `${this.url}/id/${ORG}/${USER}`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      signature: 'stand-in',
      scope: 'api refresh_token',
    }
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
}

async function form(req: IncomingMessage): Promise<URLSearchParams> {
  let text = ''
  for await (const chunk of req) text += chunk
  return new URLSearchParams(text)
}

/** The system browser, as far as the flow needs one: follow the authorize redirect to the loopback. */
export async function browse(url: string): Promise<void> {
  const authorize = await fetch(url, { redirect: 'manual' })
  const location = authorize.headers.get('location')
  if (!location) throw new Error(`authorize answered ${authorize.status}`)
  const callback = await fetch(location)
  await callback.text()
}
