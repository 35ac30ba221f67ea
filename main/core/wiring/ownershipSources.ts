import type { SalesforceSettings } from '../config/configSchema.ts'
import type { OwnershipSnapshot } from '../ownership/ownedAccount.ts'
import type { OwnershipSource } from '../ownership/ownershipCache.ts'
import { fetchOwnedAccounts } from '../ownership/salesforceOwnership.ts'

export function salesforceOwnership(settings: SalesforceSettings): OwnershipSource {
  return {
    id: `salesforce:${settings.instanceUrl}:${settings.userId ?? 'token-user'}:${settings.ownerFields.join(',')}`,
    fetch: () =>
      fetchOwnedAccounts({
        instanceUrl: settings.instanceUrl,
        accessToken: settings.accessToken,
        userId: settings.userId,
        ownerFields: settings.ownerFields,
        apiVersion: settings.apiVersion,
      }),
  }
}

/** The demo's built-in owner: no Salesforce, a fixed book of accounts. */
export function fixedOwnership(id: string, snapshot: OwnershipSnapshot): OwnershipSource {
  return { id, fetch: async () => snapshot }
}
