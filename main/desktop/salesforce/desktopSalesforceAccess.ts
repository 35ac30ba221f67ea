import type { DesktopSettings } from '../../../shared/settings/desktopSettings.ts'
import { ActionUnavailableError } from '../../core/actions/momentActions.ts'
import type { SalesforceAccess } from '../../core/actions/salesforceTask.ts'
import { SalesforceSessionExpiredError } from '../../core/ownership/salesforceErrors.ts'
import type { SecretVault } from '../service/secretVault.ts'
import { SignInError } from './loopbackRedirect.ts'
import { oauthTokenSource } from './oauthTokenSource.ts'
import type { SalesforceOAuthSettings } from './salesforceOAuth.ts'

/**
 * The user's own Salesforce session for acting on a moment (logging a Task, reading the account's
 * contacts), from the desktop's settings and keychain: after an OAuth sign-in the access token
 * renews itself with the refresh token; a pasted token is used as it is. Read at each action, so a
 * sign-in or sign-out applies at once.
 */
export function desktopSalesforceAccess(options: {
  settings: () => DesktopSettings
  vault: SecretVault
  oauth: SalesforceOAuthSettings | null
}): () => SalesforceAccess {
  return () => {
    const settings = options.settings()
    if (settings.warehouseUrl === null) {
      throw new ActionUnavailableError(
        "the demo's accounts are made up, so there is nothing to log in Salesforce: connect your warehouse first",
      )
    }
    const instanceUrl = settings.salesforceInstanceUrl
    if (!instanceUrl) {
      throw new ActionUnavailableError(
        'Salesforce is not connected: sign in from Settings to log to Salesforce',
      )
    }
    const { vault } = options
    const token =
      options.oauth && settings.salesforceSignedInAs
        ? oauthTokenSource({ settings: options.oauth, vault, instanceUrl })
        : {
            async current() {
              const saved = await vault.get('salesforceAccessToken')
              if (!saved) throw new SignInError('not signed in to Salesforce: sign in from Settings')
              return saved
            },
            async refresh(): Promise<string> {
              throw new SalesforceSessionExpiredError()
            },
          }
    return { instanceUrl, token }
  }
}
