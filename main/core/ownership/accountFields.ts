/**
 * Account fields: what `salesforce.accountFields` asks for, and what the org turned out to have.
 * Paths are Account fields (`Type`, `Renewal_Date__c`) or fields reached through a lookup
 * (`Owner.Name`, `Parent.Industry`); they are spliced into SOQL, so a path is letters, digits and
 * underscores between dots, nothing else.
 */
import type { AccountValue, AccountValues } from '../../../shared/moment.ts'
import { SalesforceSettingError } from './salesforceErrors.ts'

export type { AccountValue, AccountValues }

/** A field the org has, as its describe call named it. */
export interface AccountFieldInfo {
  /** The API path with the org's own spelling, e.g. `Renewal_Date__c`, `Owner.Name` */
  path: string
  /** The org's label, e.g. `Renewal Date`, `Owner › Full Name` */
  label: string
  /** Salesforce's field type: string, picklist, date, datetime, currency, int, boolean, … */
  type: string
}

export interface AccountFieldRequest {
  path: string
  /** Missing from the org: a config error (listed by the user); else the field is left out quietly */
  required: boolean
  /** The setting that asked for it, e.g. `salesforce.accountFields[2]` */
  setting: string
}

/**
 * Without `salesforce.accountFields`: the name and the stage (`Type`) always, and industry and
 * revenue where the org shows them (field-level security can hide both).
 */
const DEFAULT_FIELDS: readonly Omit<AccountFieldRequest, 'setting'>[] = [
  { path: 'Name', required: true },
  { path: 'Type', required: true },
  { path: 'Industry', required: false },
  { path: 'AnnualRevenue', required: false },
]

const NAME = '[A-Za-z][A-Za-z0-9_]*'
/** An API name, or one reached through lookups: SOQL goes at most five relationships up. */
export const ACCOUNT_FIELD_PATH = new RegExp(`^${NAME}(?:\\.${NAME}){0,5}$`)

/** What to read: the listed fields (each required), or the defaults. An empty list reads none. */
export function accountFieldRequests(listed: readonly string[] | undefined): AccountFieldRequest[] {
  if (listed === undefined) {
    return DEFAULT_FIELDS.map((field) => ({ ...field, setting: 'salesforce.accountFields (default)' }))
  }
  const seen = new Set<string>()
  const requests: AccountFieldRequest[] = []
  listed.forEach((path, index) => {
    const setting = `salesforce.accountFields[${index}]`
    if (typeof path !== 'string' || !ACCOUNT_FIELD_PATH.test(path)) {
      throw new SalesforceSettingError(
        setting,
        `${JSON.stringify(path)} is not an Account field path (an API name such as Type or Renewal_Date__c, or a lookup's field such as Owner.Name)`,
      )
    }
    if (seen.has(path.toLowerCase())) return
    seen.add(path.toLowerCase())
    requests.push({ path, required: true, setting })
  })
  return requests
}

/** Part of an ownership cache's identity: other listed fields, another book (nothing for the defaults). */
export function accountFieldsKey(listed: readonly string[] | undefined): string {
  return listed === undefined ? '' : `:fields=${listed.join(',')}`
}

/** `Owner.Name` of `{ Owner: { Name: 'Ada' } }`; undefined when the record lacks it. */
export function valueAt(values: AccountValues, path: string): AccountValue | undefined {
  let at: AccountValue | undefined = values
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined
    at = at[part]
  }
  return at
}
