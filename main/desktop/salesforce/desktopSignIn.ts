import type { SalesforceSignIn } from '../service/settingsService.ts'
import { SignInError } from './loopbackRedirect.ts'
import { revokeToken, type SalesforceOAuthSettings, signInWithPkce } from './salesforceOAuth.ts'

/**
 * The settings service's Salesforce sign-in, done the desktop way: PKCE in the system browser (the
 * main process opens it), then the identity URL tells who signed in.
 */
export function desktopSalesforceSignIn(options: {
  settings: SalesforceOAuthSettings | null
  openBrowser: (url: string) => Promise<void>
  /** The org the saved tokens came from, for revocation */
  signedInInstanceUrl: () => string | null
  timeoutMs?: number
}): SalesforceSignIn {
  return {
    async signIn(instanceUrl) {
      if (!options.settings) {
        throw new SignInError(
          'this build has no Salesforce Connected App (MOMENTS_SALESFORCE_CLIENT_ID): paste an access token instead',
        )
      }
      const tokens = await signInWithPkce({
        settings: options.settings,
        loginUrl: instanceUrl,
        openBrowser: options.openBrowser,
        timeoutMs: options.timeoutMs,
      })
      const identity = await readIdentity(tokens.identityUrl, tokens.accessToken)
      return {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        instanceUrl: tokens.instanceUrl,
        username: identity.username,
        userId: identity.userId,
      }
    },
    async revoke(tokens) {
      const token = tokens.refreshToken ?? tokens.accessToken
      const instanceUrl = options.signedInInstanceUrl()
      if (!token || !instanceUrl) return
      await revokeToken(instanceUrl, token)
    },
  }
}

/** The identity URL (…/id/<org>/<user>) answers who the token belongs to. */
async function readIdentity(
  identityUrl: string,
  accessToken: string,
): Promise<{ username: string; userId: string | null }> {
  const userId = /\/id\/[^/]+\/([^/?]+)/.exec(identityUrl)?.[1] ?? null
  try {
    const response = await fetch(identityUrl, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(15_000),
    })
    if (!response.ok) return { username: userId ?? 'Salesforce user', userId }
    const body = (await response.json()) as { username?: string; user_id?: string }
    return { username: body.username ?? userId ?? 'Salesforce user', userId: body.user_id ?? userId }
  } catch {
    return { username: userId ?? 'Salesforce user', userId }
  }
}
