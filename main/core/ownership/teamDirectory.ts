import { errorMessage } from '../../../shared/errorMessage.ts'
import type { SalesforceSettings } from '../config/configSchema.ts'
import type { SetupCheck } from '../setupCheck.ts'
import type { OwnershipSource } from './ownershipCache.ts'
import { fetchAllAccounts } from './salesforceOwnership.ts'

/**
 * A team channel's directory: every account (no ownership filter) with the people its fields
 * name (name, e-mail), so a message can mention them.
 */
export function teamAccountsSource(
  salesforce: SalesforceSettings,
  personFields: readonly string[],
): OwnershipSource {
  return {
    id: `salesforce-team:${salesforce.instanceUrl}:${personFields.join(',')}`,
    async fetch() {
      const { accounts } = await fetchAllAccounts({
        instanceUrl: salesforce.instanceUrl,
        accessToken: salesforce.accessToken,
        apiVersion: salesforce.apiVersion,
        ownerFields: [...personFields],
        retries: 2,
      })
      return { userId: 'team', accounts }
    },
  }
}

/** `moments doctor` for a team channel: every account, and how many name a person with an e-mail. */
export async function teamDirectoryCheck(
  salesforce: SalesforceSettings,
  fields: readonly string[],
): Promise<SetupCheck> {
  try {
    const { accounts } = await fetchAllAccounts({
      ...salesforce,
      ownerFields: [...fields],
      retries: 1,
      timeoutMs: 15_000,
    })
    const withEmail = accounts.filter((a) => a.people.some((p) => p.email)).length
    return {
      name: 'salesforce',
      kind: 'service',
      verdict: accounts.length > 0 ? 'ok' : 'warn',
      detail: `${salesforce.instanceUrl}: team mode, every account: ${accounts.length} (${withEmail} with a ${fields.join(' or ')} e-mail to mention)`,
    }
  } catch (error) {
    return {
      name: 'salesforce',
      kind: 'service',
      verdict: 'fail',
      detail: `${salesforce.instanceUrl}: ${errorMessage(error)}`,
    }
  }
}
