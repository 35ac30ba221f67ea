import type { SalesforceSettings } from '../config/configSchema.ts'
import type { OwnershipSource } from './ownershipCache.ts'
import { fetchAllAccounts } from './salesforceOwnership.ts'

/** The team channel's directory: every account with the people of `mentionFields` (name, e-mail). */
export function teamAccountsSource(
  salesforce: SalesforceSettings,
  mentionFields: readonly string[],
): OwnershipSource {
  return {
    id: `salesforce-team:${salesforce.instanceUrl}:${mentionFields.join(',')}`,
    async fetch() {
      const { accounts } = await fetchAllAccounts({
        instanceUrl: salesforce.instanceUrl,
        accessToken: salesforce.accessToken,
        apiVersion: salesforce.apiVersion,
        ownerFields: [...mentionFields],
        retries: 2,
      })
      return { userId: 'team', accounts }
    },
  }
}

export function mentionFieldsOf(settings: { mentionFields?: string[] }): string[] {
  return settings.mentionFields ?? ['OwnerId']
}
