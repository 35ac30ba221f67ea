import { isSalesforceId } from './salesforceId.ts'

/** `<instance>/lightning/r/Account/<id>/view`, only for a well-formed Account Id; else null. */
export function salesforceAccountUrl(instanceUrl: string | null, accountId: string): string | null {
  if (!instanceUrl || !isSalesforceId(accountId)) return null
  return `${new URL(instanceUrl).origin}/lightning/r/Account/${accountId}/view`
}
