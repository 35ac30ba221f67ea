/**
 * The one SOQL statement Moments sends. The REST query resource takes SOQL as text and has no bind
 * parameters, so every value spliced in here is checked first: owner fields must be API field
 * names and the user Id a Salesforce Id. Neither check lets a quote or a space through.
 */
import { SalesforceSettingError } from './salesforceErrors.ts'
import { isSalesforceId, toCaseSafeId } from './salesforceId.ts'

// A standard lookup (OwnerId, CreatedById) or a custom one, optionally namespaced
// (Solutions_Engineer__c, acme__Partner_Manager__c). Salesforce forbids double and trailing
// underscores inside a name, which is what keeps `__c`/`__r` unambiguous.
const NAME_PART = '[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*'
const STANDARD_LOOKUP = new RegExp(`^${NAME_PART}Id$`)
const CUSTOM_LOOKUP = new RegExp(`^(?:${NAME_PART}__)?${NAME_PART}__c$`)

/** The relationship that reaches the person a lookup names: `OwnerId` → `Owner`, `X__c` → `X__r`. */
export function ownerRelationship(field: string): string {
  return field.endsWith('__c') ? `${field.slice(0, -3)}__r` : field.slice(0, -2)
}

/** The owner fields, checked and de-duplicated (a field selected twice is a Salesforce error). */
export function checkOwnerFields(fields: readonly string[]): string[] {
  if (fields.length === 0) {
    throw new SalesforceSettingError('salesforce.ownerFields', 'name at least one owner field, e.g. OwnerId')
  }
  fields.forEach((field, index) => {
    if (typeof field !== 'string' || !(STANDARD_LOOKUP.test(field) || CUSTOM_LOOKUP.test(field))) {
      throw new SalesforceSettingError(
        `salesforce.ownerFields[${index}]`,
        `${JSON.stringify(field)} is not a lookup field API name (a standard one ends in Id, e.g. OwnerId; ` +
          'a custom one in __c, e.g. Solutions_Engineer__c)',
      )
    }
  })
  return [...new Set(fields)]
}

/** The user Id in its 18-character form, or a setting error naming what is wrong with it. */
export function checkUserId(userId: string, setting = 'salesforce.userId'): string {
  if (typeof userId !== 'string' || !isSalesforceId(userId)) {
    throw new SalesforceSettingError(
      setting,
      `${JSON.stringify(userId)} is not a Salesforce Id (15 or 18 letters and digits, e.g. 005000000000001AAA)`,
    )
  }
  return toCaseSafeId(userId)
}

/**
 * `SELECT Id, Name, OwnerId, Owner.Name, Owner.Email, Type, … FROM Account [WHERE OwnerId = '…' OR …]`.
 * Every owner field is selected with its person, so the caller can name each account's owners, and
 * then the account fields. Pass only values that went through `checkOwnerFields`, `checkUserId`
 * and, for the account fields, `accountFieldRequests` and the org's describe.
 */
export function accountsSoql(
  ownerFields: readonly string[],
  ownerId?: string,
  accountFields: readonly string[] = [],
): string {
  const columns = ['Id', 'Name']
  for (const field of ownerFields) {
    const relationship = ownerRelationship(field)
    columns.push(field, `${relationship}.Name`, `${relationship}.Email`)
  }
  // SOQL refuses a field selected twice, in any spelling.
  const selected = new Set(columns.map((column) => column.toLowerCase()))
  for (const path of accountFields) {
    if (selected.has(path.toLowerCase())) continue
    selected.add(path.toLowerCase())
    columns.push(path)
  }
  const soql = `SELECT ${columns.join(', ')} FROM Account`
  if (ownerId === undefined) return soql
  return `${soql} WHERE ${ownerFields.map((field) => `${field} = '${ownerId}'`).join(' OR ')}`
}
