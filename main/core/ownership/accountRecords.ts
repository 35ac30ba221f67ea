/**
 * Account records as the query in `soql.ts` returns them, turned into `OwnedAccount`s:
 * `{ Id, Name, OwnerId, Owner: { Name, Email } | null, Solutions_Engineer__c, Solutions_Engineer__r, … }`.
 */
import type { AccountFieldInfo, AccountValue, AccountValues } from './accountFields.ts'
import type { AccountPerson, OwnedAccount } from './ownedAccount.ts'
import { unexpectedAnswer } from './salesforceFailure.ts'
import { isSalesforceId, toCaseSafeId } from './salesforceId.ts'
import { ownerRelationship } from './soql.ts'

export type AccountRecord = Record<string, unknown>

/**
 * `people` names whoever each owner field points to, not only the user: the team channel bot needs
 * every account's owner, and "which of my fields matched" is `people.filter(p => p.userId === me)`.
 * An empty lookup is left out.
 */
function toOwnedAccount(
  record: AccountRecord,
  ownerFields: readonly string[],
  accountFields: readonly AccountFieldInfo[] | undefined,
): OwnedAccount {
  const id = record.Id
  if (typeof id !== 'string') throw unexpectedAnswer('an Account record without an Id')
  const people: AccountPerson[] = []
  for (const field of ownerFields) {
    const userId = record[field]
    if (typeof userId !== 'string' || userId === '') continue
    const person = record[ownerRelationship(field)] as { Name?: unknown; Email?: unknown } | null | undefined
    people.push({
      field,
      userId: toCaseSafeId(userId),
      name: typeof person?.Name === 'string' ? person.Name : null,
      email: typeof person?.Email === 'string' ? person.Email : null,
    })
  }
  const account: OwnedAccount = {
    id: toCaseSafeId(id),
    name: typeof record.Name === 'string' ? record.Name : '',
    people,
  }
  if (accountFields) account.fields = accountValues(record, accountFields)
  return account
}

/**
 * The account fields of a record, nested as Salesforce nests them (`{ Owner: { Name } }`) without
 * its `attributes`; an empty lookup stays null. Only JSON values are kept.
 */
function accountValues(record: AccountRecord, fields: readonly AccountFieldInfo[]): AccountValues {
  const values: AccountValues = {}
  for (const { path } of fields) {
    const parts = path.split('.')
    let from: unknown = record
    let into = values
    for (const [index, part] of parts.entries()) {
      const value = (from as Record<string, unknown> | null)?.[part]
      if (index === parts.length - 1) {
        into[part] = isScalar(value) ? value : null
        break
      }
      if (value === null || typeof value !== 'object') {
        into[part] = null
        break
      }
      const nested = into[part]
      if (nested === null || typeof nested !== 'object') into[part] = {}
      into = into[part] as typeof into
      from = value
    }
  }
  return values
}

function isScalar(value: unknown): value is Exclude<AccountValue, AccountValues> {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value)
}

/**
 * The records as accounts, one per Id. A record whose Id is not a Salesforce Id is left out, and
 * two that come to the same Id are merged: cut to fifteen characters, a mangled Id can collide
 * with a real one, and one such record must not cost the whole book of accounts.
 */
export function toOwnedAccounts(
  records: readonly AccountRecord[],
  ownerFields: readonly string[],
  accountFields?: readonly AccountFieldInfo[],
): OwnedAccount[] {
  const byId = new Map<string, OwnedAccount>()
  for (const record of records) {
    if (typeof record.Id === 'string' && !isSalesforceId(record.Id)) continue
    const account = toOwnedAccount(record, ownerFields, accountFields)
    const earlier = byId.get(account.id)
    if (earlier) earlier.people.push(...account.people)
    else byId.set(account.id, account)
  }
  return [...byId.values()]
}
