import type { SalesforceSettings } from '../config/configSchema.ts'
import type { OwnershipSnapshot } from '../ownership/ownedAccount.ts'
import type { OwnershipSource } from '../ownership/ownershipCache.ts'
import { SalesforceSessionExpiredError } from '../ownership/salesforceErrors.ts'
import { fetchOwnedAccounts } from '../ownership/salesforceOwnership.ts'

/**
 * An access token that can be renewed (the desktop's OAuth sign-in holds a refresh token).
 * `refresh` is called after Salesforce refused the current one, and returns the new one.
 */
export interface AccessTokenSource {
  current(): Promise<string>
  refresh(): Promise<string>
}

export function salesforceOwnership(
  settings: SalesforceSettings,
  token?: AccessTokenSource,
): OwnershipSource {
  const fetchWith = (accessToken: string) =>
    fetchOwnedAccounts({
      instanceUrl: settings.instanceUrl,
      accessToken,
      userId: settings.userId,
      ownerFields: settings.ownerFields,
      apiVersion: settings.apiVersion,
    })
  return {
    id: `salesforce:${settings.instanceUrl}:${settings.userId ?? 'token-user'}:${settings.ownerFields.join(',')}`,
    async fetch() {
      if (!token) return fetchWith(settings.accessToken)
      try {
        return await fetchWith(await token.current())
      } catch (error) {
        // Access tokens expire after the org's session timeout; a refresh token renews them once.
        if (!(error instanceof SalesforceSessionExpiredError)) throw error
        return fetchWith(await token.refresh())
      }
    },
  }
}

/** The demo's built-in owner: no Salesforce, a fixed book of accounts. */
export function fixedOwnership(id: string, snapshot: OwnershipSnapshot): OwnershipSource {
  return { id, fetch: async () => snapshot }
}
