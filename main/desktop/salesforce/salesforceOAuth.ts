// Salesforce sign-in for the desktop: OAuth 2.0 authorization code + PKCE in the system browser,
// redirected to a loopback listener, with jsforce's OAuth2 client (useVerifier). Runs in the
// pipeline worker (plain Node); the browser is opened by the main process.

import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import type { OAuth2 as JsforceOAuth2 } from 'jsforce'
import { openLoopbackRedirect, SignInError } from './loopbackRedirect.ts'

// jsforce is required at the first sign-in, renewal or sign-out, not when the worker starts: it
// is ~30 MB of resident memory that a worker on the demo, or on a pasted token, never needs.
// (jsforce is CommonJS.)
const load = createRequire(import.meta.url)
function oauth2Client(options: ConstructorParameters<typeof JsforceOAuth2>[0]): JsforceOAuth2 {
  const { OAuth2 } = load('jsforce') as { OAuth2: typeof JsforceOAuth2 }
  return new OAuth2(options)
}

export interface SalesforceOAuthSettings {
  /** The Connected App's consumer key (public: PKCE needs no client secret) */
  clientId: string
  /** The loopback port registered in the Connected App's callback URL; 0 picks a free one (tests) */
  callbackPort: number
}

/** What a sign-in yields; kept in the vault as JSON (`salesforce.oauth`). */
export interface SalesforceTokens {
  accessToken: string
  refreshToken: string | null
  instanceUrl: string
  /** Identity URL: …/id/<orgId>/<userId> */
  identityUrl: string
  issuedAt: number
}

export const DEFAULT_CALLBACK_PORT = 47_321
export const SIGN_IN_SCOPE = 'api refresh_token'

/** The Connected App: MOMENTS_SALESFORCE_CLIENT_ID at run time, else the one built in (npm run dist). */
export function oauthSettingsFrom(
  env: NodeJS.ProcessEnv,
  builtInClientId?: string,
): SalesforceOAuthSettings | null {
  const clientId = env.MOMENTS_SALESFORCE_CLIENT_ID?.trim() || builtInClientId?.trim()
  if (!clientId) return null
  const port = Number(env.MOMENTS_SALESFORCE_CALLBACK_PORT ?? DEFAULT_CALLBACK_PORT)
  return {
    clientId,
    callbackPort: Number.isInteger(port) && port >= 0 && port < 65_536 ? port : DEFAULT_CALLBACK_PORT,
  }
}

export async function signInWithPkce(options: {
  settings: SalesforceOAuthSettings
  /** Where to sign in: the org's My Domain URL (or https://login.salesforce.com) */
  loginUrl: string
  openBrowser: (url: string) => Promise<void>
  timeoutMs?: number
  signal?: AbortSignal
}): Promise<SalesforceTokens> {
  const loginUrl = checkLoginUrl(options.loginUrl)
  const redirect = await openLoopbackRedirect(options.settings.callbackPort)
  try {
    const oauth2 = oauth2Client({
      loginUrl,
      clientId: options.settings.clientId,
      redirectUri: redirect.redirectUri,
      useVerifier: true,
    })
    const state = randomBytes(24).toString('base64url')
    const code = redirect.waitForCode(state, {
      timeoutMs: options.timeoutMs ?? 300_000,
      signal: options.signal,
    })
    // The browser may come back (or fail) while openBrowser still runs; `code` is awaited below.
    code.catch(() => {})
    await options.openBrowser(oauth2.getAuthorizationUrl({ scope: SIGN_IN_SCOPE, state }))
    const response = await oauth2.requestToken(await code)
    return {
      accessToken: response.access_token,
      refreshToken: response.refresh_token ?? null,
      instanceUrl: response.instance_url,
      identityUrl: response.id,
      issuedAt: Number(response.issued_at) || Date.now(),
    }
  } finally {
    await redirect.close()
  }
}

/** A refresh_token grant: a fresh access token (Salesforce may or may not rotate the refresh token). */
export async function refreshAccessToken(
  settings: SalesforceOAuthSettings,
  tokens: { refreshToken: string | null; instanceUrl: string },
): Promise<{ accessToken: string; refreshToken: string | null }> {
  if (!tokens.refreshToken) {
    throw new SignInError('Salesforce session expired and there is no refresh token: sign in again')
  }
  const oauth2 = oauth2Client({ loginUrl: checkLoginUrl(tokens.instanceUrl), clientId: settings.clientId })
  try {
    const response = await oauth2.refreshToken(tokens.refreshToken)
    return { accessToken: response.access_token, refreshToken: response.refresh_token ?? null }
  } catch (error) {
    // invalid_grant: the refresh token was revoked, or expired by the org's policy.
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    throw new SignInError(`Salesforce refused to renew the session (${reason}): sign in again`)
  }
}

/** Revokes a token at Salesforce (sign out); revoking the refresh token ends its access tokens too. */
export async function revokeToken(instanceUrl: string, token: string): Promise<void> {
  await oauth2Client({ loginUrl: checkLoginUrl(instanceUrl) }).revokeToken(token)
}

/** Sign in only over https, or plain http on loopback (the tests' stand-in). */
function checkLoginUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new SignInError(`${JSON.stringify(value)} is not a URL`)
  }
  const loopback = url.protocol === 'http:' && /^(?:127\.0\.0\.1|localhost|\[::1\])$/.test(url.hostname)
  if (url.protocol !== 'https:' && !loopback) throw new SignInError(`${url.origin} must be an https URL`)
  return url.origin
}
