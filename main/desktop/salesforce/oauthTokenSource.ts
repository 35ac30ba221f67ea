import type { AccessTokenSource } from '../../core/wiring/ownershipSources.ts'
import type { SecretVault } from '../service/secretVault.ts'
import { SignInError } from './loopbackRedirect.ts'
import { refreshAccessToken, type SalesforceOAuthSettings } from './salesforceOAuth.ts'

/**
 * The core's Salesforce token after a desktop sign-in: the access token in the vault, renewed with
 * the refresh token when Salesforce refuses it (401), and the renewed one saved back. Concurrent
 * refreshes share one request.
 */
export function oauthTokenSource(options: {
  settings: SalesforceOAuthSettings
  vault: SecretVault
  instanceUrl: string
}): AccessTokenSource {
  const { vault } = options
  let refreshing: Promise<string> | null = null
  return {
    async current() {
      const token = await vault.get('salesforceAccessToken')
      if (!token) throw new SignInError('not signed in to Salesforce: sign in from Settings')
      return token
    },
    refresh() {
      refreshing ??= (async () => {
        try {
          const renewed = await refreshAccessToken(options.settings, {
            refreshToken: await vault.get('salesforceRefreshToken'),
            instanceUrl: options.instanceUrl,
          })
          await vault.set('salesforceAccessToken', renewed.accessToken)
          if (renewed.refreshToken) await vault.set('salesforceRefreshToken', renewed.refreshToken)
          return renewed.accessToken
        } finally {
          refreshing = null
        }
      })()
      return refreshing
    },
  }
}
