/**
 * The stand-in's SOQL over Accounts: checks the query as Salesforce would, keeps the matching
 * accounts and renders them in the REST shape (`attributes` first, lookups nested, empty ones null).
 */
import { invalidFieldMessage, type ParsedSoql, parseSoql, SoqlRefusal } from './standInSoql.ts'

export interface StandInUser {
  id: string
  name: string
  email: string
}

export interface StandInAccount {
  id: string
  name: string
  /** Owner field → the user it names (null: the lookup is empty), e.g. `{ OwnerId: alice }` */
  people: Record<string, StandInUser | null>
}

export type RenderedRecord = Record<string, unknown>

const PERSON_FIELDS = ['Id', 'Name', 'Email']

/** The records a query returns, or a `SoqlRefusal` with Salesforce's error code. */
export function runAccountQuery(
  soql: string,
  accounts: readonly StandInAccount[],
  ownerFields: ReadonlySet<string>,
  apiVersion: string,
): RenderedRecord[] {
  const query = parseSoql(soql)
  const lookups = new Map([...ownerFields].map((field) => [relationshipOf(field), field]))
  checkQuery(soql, query, ownerFields, lookups)
  return accounts
    .filter((account) => matches(account, query))
    .map((account) => render(account, query.fields, lookups, apiVersion))
}

/** `OwnerId` → `Owner`, `Solutions_Engineer__c` → `Solutions_Engineer__r`. */
export function relationshipOf(field: string): string {
  return field.endsWith('__c') ? `${field.slice(0, -3)}__r` : field.replace(/Id$/, '')
}

function checkQuery(
  soql: string,
  query: ParsedSoql,
  ownerFields: ReadonlySet<string>,
  lookups: Map<string, string>,
) {
  if (query.object !== 'Account') {
    throw new SoqlRefusal('INVALID_TYPE', `sObject type '${query.object}' is not supported.`)
  }
  for (const field of [...query.fields, ...query.anyOf.map((term) => term.field)]) {
    const [head = '', tail] = field.split('.')
    if (tail === undefined && head !== 'Id' && head !== 'Name' && !ownerFields.has(head)) {
      throw new SoqlRefusal(
        'INVALID_FIELD',
        invalidFieldMessage(
          soql,
          `No such column '${head}' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
        ),
      )
    }
    if (tail !== undefined && (!lookups.has(head) || !PERSON_FIELDS.includes(tail))) {
      throw new SoqlRefusal(
        'INVALID_FIELD',
        invalidFieldMessage(
          soql,
          `Didn't understand relationship '${head}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        ),
      )
    }
  }
  for (const term of query.anyOf) {
    if (term.field !== 'Name' && !/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(term.value)) {
      throw new SoqlRefusal(
        'INVALID_QUERY_FILTER_OPERATOR',
        invalidFieldMessage(soql, `invalid ID field: ${term.value}`),
      )
    }
  }
}

function matches(account: StandInAccount, query: ParsedSoql): boolean {
  if (query.anyOf.length === 0) return true
  return query.anyOf.some(({ field, value }) => {
    if (field === 'Name') return account.name.toLowerCase() === value.toLowerCase()
    const id = field === 'Id' ? account.id : account.people[field]?.id
    // A 15-character Id is the case-sensitive first 15 of the 18-character one.
    return id !== undefined && id.slice(0, 15) === value.slice(0, 15)
  })
}

function render(
  account: StandInAccount,
  fields: string[],
  lookups: Map<string, string>,
  apiVersion: string,
): RenderedRecord {
  const record: RenderedRecord = {
    attributes: { type: 'Account', url: `/services/data/v${apiVersion}/sobjects/Account/${account.id}` },
  }
  for (const field of fields) {
    const [head = '', tail] = field.split('.')
    if (tail === undefined) {
      record[head] =
        head === 'Id' ? account.id : head === 'Name' ? account.name : (account.people[head]?.id ?? null)
      continue
    }
    const user = account.people[lookups.get(head) ?? ''] ?? null
    if (user === null) {
      record[head] = null
      continue
    }
    const person = (record[head] as RenderedRecord | undefined) ?? {
      attributes: { type: 'User', url: `/services/data/v${apiVersion}/sobjects/User/${user.id}` },
    }
    person[tail] = tail === 'Id' ? user.id : tail === 'Name' ? user.name : user.email
    record[head] = person
  }
  return record
}
