// The demo's Salesforce: what the built-in owner's org holds of each synthetic account, in the
// shape a real refresh gives (the default fields and a custom renewal date, with the labels a
// standard org's describe gives), so the default rules on account.Type and the renewal show in
// the demo.
import type { SyntheticAccount } from '../../../warehouse/synthetic/index.ts'
import type { AccountFieldInfo, AccountValues } from '../ownership/accountFields.ts'

export const DEMO_ACCOUNT_FIELDS: readonly AccountFieldInfo[] = [
  { path: 'Name', label: 'Account Name', type: 'string' },
  { path: 'Type', label: 'Account Type', type: 'picklist' },
  { path: 'Industry', label: 'Industry', type: 'picklist' },
  { path: 'AnnualRevenue', label: 'Annual Revenue', type: 'currency' },
  { path: 'Renewal_Date__c', label: 'Renewal Date', type: 'date' },
]

const DAY_MS = 86_400_000

/**
 * An account's fields as Salesforce's REST API writes them (a date as `YYYY-MM-DD`, revenue as a
 * number). The renewal is counted from `now`: the demo's week always ends today.
 */
export function demoAccountValues(account: SyntheticAccount, now: Date): AccountValues {
  const { crm } = account
  return {
    Name: account.name,
    Type: crm.type,
    Industry: crm.industry,
    AnnualRevenue: crm.annualRevenue,
    Renewal_Date__c:
      crm.renewalInDays === null
        ? null
        : new Date(now.getTime() + crm.renewalInDays * DAY_MS).toISOString().slice(0, 10),
  }
}
