import { errorMessage } from '../../../shared/errorMessage.ts'
import type { SalesforceSettings } from '../config/configSchema.ts'
import type { SetupCheck } from '../setupCheck.ts'
import { accountFieldReader } from './accountFieldReader.ts'
import { accountFieldRequests, accountFieldsKey } from './accountFields.ts'
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
  const accountFields = accountFieldReader(accountFieldRequests(salesforce.accountFields))
  return {
    id: `salesforce-team:${salesforce.instanceUrl}:${personFields.join(',')}${accountFieldsKey(salesforce.accountFields)}`,
    async fetch() {
      const book = await fetchAllAccounts({
        instanceUrl: salesforce.instanceUrl,
        accessToken: salesforce.accessToken,
        apiVersion: salesforce.apiVersion,
        ownerFields: [...personFields],
        accountFields,
        retries: 2,
      })
      return { userId: 'team', ...book }
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
      instanceUrl: salesforce.instanceUrl,
      accessToken: salesforce.accessToken,
      apiVersion: salesforce.apiVersion,
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
