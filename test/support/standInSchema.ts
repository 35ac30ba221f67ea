/**
 * The stand-in org's schema: what `GET /services/data/vNN.N/sobjects/{Account|User}/describe`
 * answers, in Salesforce's shape (a DescribeSObjectResult whose `fields` carry `name`, `label`,
 * `type`, `soapType`, `relationshipName`, `referenceTo`, `nillable`, …), and how a field's value
 * is written in a REST record: `date` as `2026-11-30`, `datetime` as `2026-11-30T12:00:00.000+0000`,
 * currency, double, percent and int as JSON numbers.
 */

/** A field of the stand-in org; `referenceTo` makes it a lookup with a relationship. */
export interface StandInField {
  name: string
  label: string
  /** Salesforce's field type: id, string, picklist, currency, int, date, datetime, reference, … */
  type: string
  /** For a lookup: the object it points to, e.g. `User` */
  referenceTo?: string
  /** For a lookup: the relationship's name; default `Owner` for `OwnerId`, `X__r` for `X__c` */
  relationshipName?: string
}

/** What an Account of a fresh Developer Edition org shows of these standard fields. */
export const STANDARD_ACCOUNT_FIELDS: readonly StandInField[] = [
  { name: 'Id', label: 'Account ID', type: 'id' },
  { name: 'Name', label: 'Account Name', type: 'string' },
  { name: 'Type', label: 'Account Type', type: 'picklist' },
  { name: 'ParentId', label: 'Parent Account ID', type: 'reference', referenceTo: 'Account' },
  { name: 'BillingAddress', label: 'Billing Address', type: 'address' },
  { name: 'BillingCity', label: 'Billing City', type: 'string' },
  { name: 'Industry', label: 'Industry', type: 'picklist' },
  { name: 'AnnualRevenue', label: 'Annual Revenue', type: 'currency' },
  { name: 'NumberOfEmployees', label: 'Employees', type: 'int' },
  { name: 'OwnerId', label: 'Owner ID', type: 'reference', referenceTo: 'User' },
  { name: 'CreatedDate', label: 'Created Date', type: 'datetime' },
  { name: 'LastActivityDate', label: 'Last Activity', type: 'date' },
  { name: 'IsDeleted', label: 'Deleted', type: 'boolean' },
]

export const USER_FIELDS: readonly StandInField[] = [
  { name: 'Id', label: 'User ID', type: 'id' },
  { name: 'Name', label: 'Full Name', type: 'string' },
  { name: 'Email', label: 'Email', type: 'email' },
  { name: 'Title', label: 'Title', type: 'string' },
]

const SOAP_TYPES: Record<string, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  boolean: 'xsd:boolean',
  currency: 'xsd:double',
  double: 'xsd:double',
  percent: 'xsd:double',
  int: 'xsd:int',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  time: 'xsd:time',
  address: 'urn:address',
  location: 'urn:location',
}

/** `OwnerId` → `Owner`, `Solutions_Engineer__c` → `Solutions_Engineer__r`; null for a plain field. */
export function relationshipNameOf(field: StandInField): string | null {
  if (field.type !== 'reference') return null
  if (field.relationshipName) return field.relationshipName
  return field.name.endsWith('__c') ? `${field.name.slice(0, -3)}__r` : field.name.replace(/Id$/, '')
}

/** One entry of a describe's `fields`, with the attributes clients read (and a few they don't). */
function describeField(field: StandInField) {
  const reference = field.type === 'reference' || field.type === 'id'
  const relationshipName = relationshipNameOf(field)
  return {
    aggregatable: field.type !== 'address',
    autoNumber: false,
    byteLength: reference ? 18 : field.type === 'string' || field.type === 'picklist' ? 765 : 0,
    calculated: false,
    caseSensitive: false,
    compoundFieldName:
      field.name.startsWith('Billing') && field.name !== 'BillingAddress' ? 'BillingAddress' : null,
    createable: field.type !== 'id',
    custom: field.name.endsWith('__c'),
    defaultValue: null,
    digits: field.type === 'int' ? 8 : 0,
    filterable: field.type !== 'address',
    groupable: field.type !== 'currency' && field.type !== 'address',
    label: field.label,
    length: reference ? 18 : field.type === 'string' || field.type === 'picklist' ? 255 : 0,
    name: field.name,
    nameField: field.name === 'Name',
    nillable: field.name !== 'Id' && field.name !== 'Name',
    picklistValues: [],
    precision: field.type === 'currency' ? 18 : 0,
    referenceTo: field.referenceTo ? [field.referenceTo] : [],
    relationshipName,
    relationshipOrder: null,
    scale: field.type === 'currency' ? 0 : 0,
    soapType: SOAP_TYPES[field.type] ?? 'xsd:string',
    sortable: field.type !== 'address',
    type: field.type,
    unique: false,
    updateable: field.type !== 'id',
  }
}

/** A DescribeSObjectResult, trimmed to what a describe of a standard object always has. */
export function describeObject(
  name: string,
  label: string,
  keyPrefix: string,
  fields: readonly StandInField[],
  apiVersion: string,
) {
  return {
    actionOverrides: [],
    activateable: false,
    childRelationships: [],
    compactLayoutable: true,
    createable: true,
    custom: false,
    customSetting: false,
    deletable: true,
    feedEnabled: true,
    fields: fields.map(describeField),
    keyPrefix,
    label,
    labelPlural: `${label}s`,
    layoutable: true,
    mergeable: true,
    name,
    queryable: true,
    recordTypeInfos: [],
    retrieveable: true,
    searchable: true,
    triggerable: true,
    undeletable: true,
    updateable: true,
    urls: {
      sobject: `/services/data/v${apiVersion}/sobjects/${name}`,
      describe: `/services/data/v${apiVersion}/sobjects/${name}/describe`,
      rowTemplate: `/services/data/v${apiVersion}/sobjects/${name}/{ID}`,
    },
  }
}

export type StandInValue = string | number | boolean | null | Date

/** A value as Salesforce's REST API writes it for the field's type. */
export function restValue(field: StandInField, value: StandInValue | undefined): unknown {
  if (value === undefined || value === null) return null
  if (value instanceof Date) {
    if (field.type === 'date') return value.toISOString().slice(0, 10)
    // Salesforce writes datetimes in UTC with milliseconds and a +0000 offset, not a Z.
    return value.toISOString().replace('Z', '+0000')
  }
  return value
}
