// An account's fields as lines of "label: value", for every place a moment is read: the history's
// detail pane, Slack's and Teams' context line. Pure: importable from Node and the renderer alike.
import type { AccountValue, AccountValues } from './moment.ts'

/** What the org's describe says of a field (the cache keeps it): its label and type. */
export interface AccountFieldLabel {
  path: string
  label: string
  type: string
}

export interface AccountFact {
  /** `Type`, `Owner.Name` */
  path: string
  /** The org's label; the API name when the org no longer describes the field */
  label: string
  /** The value as shown: numbers grouped, a datetime to the minute in UTC, booleans as Yes/No */
  text: string
}

/**
 * Each field with a value, in the order the fields are configured (the described ones first, then
 * any the moment kept that the org no longer has); empty values are left out.
 */
export function accountFacts(
  values: AccountValues | null | undefined,
  labels: readonly AccountFieldLabel[] = [],
  options: { except?: readonly string[] } = {},
): AccountFact[] {
  if (!values) return []
  const leaves = new Map<string, Exclude<AccountValue, AccountValues>>()
  collect(values, '', leaves)
  const described = new Map(labels.map((field) => [field.path, field]))
  const order = [
    ...labels.map((field) => field.path),
    ...[...leaves.keys()].filter((path) => !described.has(path)),
  ]
  const facts: AccountFact[] = []
  for (const path of order) {
    if (options.except?.includes(path)) continue
    const value = leaves.get(path)
    if (value === undefined || value === null || value === '') continue
    const field = described.get(path)
    facts.push({ path, label: field?.label ?? path, text: show(value, field?.type) })
  }
  return facts
}

/**
 * The named fields (those a condition read), each with its value as shown, or `no value` when the
 * account had none or the field was not read: "Why you got this" names every one.
 */
export function namedAccountFacts(
  values: AccountValues | null | undefined,
  labels: readonly AccountFieldLabel[],
  paths: readonly string[],
): AccountFact[] {
  const leaves = new Map<string, Exclude<AccountValue, AccountValues>>()
  if (values) collect(values, '', leaves)
  const described = new Map(labels.map((field) => [field.path.toLowerCase(), field]))
  return paths.map((path) => {
    const field = described.get(path.toLowerCase())
    const value = leaves.get(field?.path ?? path) ?? leaves.get(path)
    const empty = value === undefined || value === null || value === ''
    return { path, label: field?.label ?? path, text: empty ? 'no value' : show(value, field?.type) }
  })
}

function collect(
  values: AccountValues,
  prefix: string,
  into: Map<string, Exclude<AccountValue, AccountValues>>,
) {
  for (const [name, value] of Object.entries(values)) {
    if (value !== null && typeof value === 'object') collect(value, `${prefix}${name}.`, into)
    else into.set(`${prefix}${name}`, value)
  }
}

function show(value: string | number | boolean, type: string | undefined): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  if (typeof value === 'number') {
    const text = value.toLocaleString('en-US', { maximumFractionDigits: 2 })
    return type === 'percent' ? `${text} %` : text
  }
  if (type === 'datetime') {
    const at = new Date(value)
    if (!Number.isNaN(at.getTime())) return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`
  }
  if (type === 'multipicklist') return value.split(';').join(', ')
  return value
}
