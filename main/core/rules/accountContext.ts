import type { AccountFieldInfo, AccountValue, AccountValues } from '../ownership/accountFields.ts'

/**
 * An account as rules see it: `values` for the templates (`{{account.Renewal_Date__c}}` prints the
 * date as Salesforce wrote it) and `cel` for the conditions, typed by the org's describe: a date or
 * datetime is a CEL timestamp (a date at 00:00 UTC), an int an int, currency, double and percent a
 * double, a multi-select picklist a list of its values, everything else a string. Null stays null,
 * so `account.Type == "Trial"` on an account without a Type is false, and a field never read
 * errors like a missing event column (no match, counted).
 */
export interface AccountContext {
  values: AccountValues
  cel: Record<string, unknown>
}

export const NO_ACCOUNT: AccountContext = { values: {}, cel: {} }

export function accountContext(
  values: AccountValues | undefined,
  fields: readonly AccountFieldInfo[] | undefined,
): AccountContext {
  if (!values) return NO_ACCOUNT
  const types = new Map((fields ?? []).map((field) => [field.path, field.type]))
  return { values, cel: typed(values, '', types) }
}

function typed(values: AccountValues, prefix: string, types: Map<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(values)) {
    const path = `${prefix}${name}`
    out[name] =
      value !== null && typeof value === 'object'
        ? typed(value, `${path}.`, types)
        : celValue(value, types.get(path))
  }
  return out
}

function celValue(value: Exclude<AccountValue, AccountValues>, type: string | undefined): unknown {
  if (value === null) return null
  switch (type) {
    case 'date':
      return timestamp(typeof value === 'string' ? `${value}T00:00:00Z` : value)
    case 'datetime':
      return timestamp(value)
    case 'int':
    case 'long':
      return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value
    case 'multipicklist':
      return typeof value === 'string' ? value.split(';').filter((item) => item !== '') : value
    default:
      return value
  }
}

/** A Date for CEL; text that is not a timestamp stays text, so a comparison with it errors. */
function timestamp(value: string | number | boolean): unknown {
  if (typeof value !== 'string') return value
  const at = new Date(value)
  return Number.isNaN(at.getTime()) ? value : at
}
