/**
 * The stand-in's SOQL over Accounts: checks the query against the org's schema as Salesforce would
 * (INVALID_FIELD for a column or relationship the Account does not have), keeps the matching
 * accounts and renders them in the REST shape: `attributes` first, lookups nested
 * (`Owner: { attributes, Name }`, an empty one null), values as Salesforce writes them.
 */
import {
  relationshipNameOf,
  restValue,
  type StandInField,
  type StandInValue,
  USER_FIELDS,
} from './standInSchema.ts'
import { invalidFieldMessage, type ParsedSoql, parseSoql, SoqlRefusal } from './standInSoql.ts'

export interface StandInUser {
  id: string
  name: string
  email: string
  title?: string
}

export interface StandInAccount {
  id: string
  name: string
  /** Owner field → the user it names (null: the lookup is empty), e.g. `{ OwnerId: alice }` */
  people: Record<string, StandInUser | null>
  /** Other fields by API name (Type, AnnualRevenue, Renewal_Date__c, ParentId, …); absent: null */
  fields?: Record<string, StandInValue>
}

export type RenderedRecord = Record<string, unknown>

/** The org the query runs against: its Account fields and its accounts. */
export interface StandInOrg {
  accountFields: readonly StandInField[]
  accounts: readonly StandInAccount[]
}

/** The records a query returns, or a `SoqlRefusal` with Salesforce's error code. */
export function runAccountQuery(soql: string, org: StandInOrg, apiVersion: string): RenderedRecord[] {
  const query = parseSoql(soql)
  if (query.object !== 'Account') {
    throw new SoqlRefusal('INVALID_TYPE', `sObject type '${query.object}' is not supported.`)
  }
  const columns = query.fields.map((path) => resolve(soql, path, org.accountFields))
  for (const term of query.anyOf) resolve(soql, term.field, org.accountFields)
  for (const term of query.anyOf) {
    if (term.field !== 'Name' && !/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(term.value)) {
      throw new SoqlRefusal(
        'INVALID_QUERY_FILTER_OPERATOR',
        invalidFieldMessage(soql, `invalid ID field: ${term.value}`),
      )
    }
  }
  const byId = new Map(org.accounts.map((account) => [account.id, account]))
  return org.accounts
    .filter((account) => matches(account, query))
    .map((account) => render(account, columns, byId, apiVersion))
}

/** `OwnerId` → `Owner`, `Solutions_Engineer__c` → `Solutions_Engineer__r`. */
export function relationshipOf(field: string): string {
  return field.endsWith('__c') ? `${field.slice(0, -3)}__r` : field.replace(/Id$/, '')
}

/** A selected column: the Account field, and for `Owner.Name` the field reached through it. */
interface Column {
  field: StandInField
  through: { relationship: string; target: StandInField } | null
}

function resolve(soql: string, path: string, accountFields: readonly StandInField[]): Column {
  const [head = '', tail, ...deeper] = path.split('.')
  if (tail === undefined) {
    const field = accountFields.find((f) => f.name.toLowerCase() === head.toLowerCase())
    if (!field) throw noSuchColumn(soql, head)
    return { field, through: null }
  }
  const field = accountFields.find((f) => relationshipNameOf(f)?.toLowerCase() === head.toLowerCase())
  const targets = field?.referenceTo === 'User' ? USER_FIELDS : field ? accountFields : []
  const target = targets.find((f) => f.name.toLowerCase() === tail.toLowerCase())
  if (!field || deeper.length > 0) throw noSuchRelationship(soql, head)
  if (!target) throw noSuchColumn(soql, tail, field.referenceTo)
  return { field, through: { relationship: relationshipNameOf(field) as string, target } }
}

function noSuchColumn(soql: string, name: string, entity = 'Account'): SoqlRefusal {
  return new SoqlRefusal(
    'INVALID_FIELD',
    invalidFieldMessage(
      soql,
      `No such column '${name}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    ),
  )
}

function noSuchRelationship(soql: string, name: string): SoqlRefusal {
  return new SoqlRefusal(
    'INVALID_FIELD',
    invalidFieldMessage(
      soql,
      `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
    ),
  )
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
  columns: Column[],
  byId: Map<string, StandInAccount>,
  apiVersion: string,
): RenderedRecord {
  const record: RenderedRecord = {
    attributes: { type: 'Account', url: `/services/data/v${apiVersion}/sobjects/Account/${account.id}` },
  }
  for (const { field, through } of columns) {
    if (!through) {
      record[field.name] = plainValue(account, field)
      continue
    }
    const linked = linkedRecord(account, field, byId)
    if (linked === null) {
      record[through.relationship] = null
      continue
    }
    const nested = (record[through.relationship] as RenderedRecord | undefined) ?? {
      attributes: {
        type: linked.type,
        url: `/services/data/v${apiVersion}/sobjects/${linked.type}/${linked.id}`,
      },
    }
    nested[through.target.name] = linked.value(through.target)
    record[through.relationship] = nested
  }
  return record
}

function plainValue(account: StandInAccount, field: StandInField): unknown {
  if (field.name === 'Id') return account.id
  if (field.name === 'Name') return account.name
  if (field.name in account.people) return account.people[field.name]?.id ?? null
  if (field.type === 'address') return addressOf(account)
  return restValue(field, account.fields?.[field.name])
}

/** A compound address field is an object of its parts, or null when every part is empty. */
function addressOf(account: StandInAccount): unknown {
  const city = account.fields?.BillingCity
  return city ? { city, country: null, postalCode: null, state: null, street: null } : null
}

function linkedRecord(account: StandInAccount, field: StandInField, byId: Map<string, StandInAccount>) {
  if (field.referenceTo === 'User') {
    const user = account.people[field.name] ?? null
    if (user === null) return null
    const values: Record<string, string | null> = {
      Id: user.id,
      Name: user.name,
      Email: user.email,
      Title: user.title ?? null,
    }
    return { type: 'User', id: user.id, value: (target: StandInField) => values[target.name] ?? null }
  }
  const parentId = account.fields?.[field.name]
  const parent = typeof parentId === 'string' ? byId.get(parentId) : undefined
  if (!parent) return null
  return { type: 'Account', id: parent.id, value: (target: StandInField) => plainValue(parent, target) }
}
