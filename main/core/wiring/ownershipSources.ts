import type { SalesforceSettings } from '../config/configSchema.ts'
import { accountFieldReader } from '../ownership/accountFieldReader.ts'
import { accountFieldRequests, accountFieldsKey } from '../ownership/accountFields.ts'
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
  // One reader for the source's life: the org is described once, not on every refresh.
  const accountFields = accountFieldReader(accountFieldRequests(settings.accountFields))
  const fetchWith = (accessToken: string) =>
    fetchOwnedAccounts({
      instanceUrl: settings.instanceUrl,
      accessToken,
      userId: settings.userId,
      ownerFields: settings.ownerFields,
      accountFields,
      apiVersion: settings.apiVersion,
    })
  return {
    // The account fields are part of the cache's identity: other fields, another book to read.
    id: `salesforce:${settings.instanceUrl}:${settings.userId ?? 'token-user'}:${settings.ownerFields.join(',')}${accountFieldsKey(settings.accountFields)}`,
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
