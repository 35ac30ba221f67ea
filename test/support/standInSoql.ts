/**
 * Just enough SOQL for the Salesforce stand-in: `SELECT a, b.c FROM Object [WHERE f = 'v' OR …]`.
 * Anything else is refused with the error code Salesforce would use, so a query the real org would
 * reject does not pass here by accident.
 */

export interface ParsedSoql {
  /** Selected fields as written: `Id`, `OwnerId`, `Owner.Name` */
  fields: string[]
  object: string
  /** `Field = 'value'` terms joined by OR; none means every record */
  anyOf: Array<{ field: string; value: string }>
}

export class SoqlRefusal extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message)
  }
}

const STATEMENT = /^\s*SELECT\s+(.+?)\s+FROM\s+([A-Za-z0-9_]+)(?:\s+WHERE\s+(.+?))?\s*$/is
const TERM = /^([A-Za-z0-9_]+)\s*=\s*'((?:[^'\\]|\\.)*)'$/s

export function parseSoql(soql: string): ParsedSoql {
  const statement = STATEMENT.exec(soql)
  if (!statement)
    throw new SoqlRefusal('MALFORMED_QUERY', `unexpected token: '${soql.trim().split(/\s+/)[0]}'`)
  const [, fieldList = '', object = '', where] = statement
  const fields = fieldList.split(',').map((field) => field.trim())
  if (fields.some((field) => !/^[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)?$/.test(field))) {
    throw new SoqlRefusal('MALFORMED_QUERY', `unexpected token: '${fieldList}'`)
  }
  const anyOf = where === undefined ? [] : where.split(/\s+OR\s+/i).map(parseTerm)
  return { fields, object, anyOf }
}

function parseTerm(term: string) {
  const match = TERM.exec(term.trim())
  if (!match) throw new SoqlRefusal('MALFORMED_QUERY', `unexpected token: '${term.trim()}'`)
  const [, field = '', quoted = ''] = match
  return { field, value: quoted.replace(/\\(.)/g, '$1') }
}

/** Salesforce's INVALID_FIELD text, the query with a caret first, as jsforce hands it on. */
export function invalidFieldMessage(soql: string, reason: string): string {
  return `\n${soql}\n^\nERROR at Row:1:Column:1\n${reason}`
}
