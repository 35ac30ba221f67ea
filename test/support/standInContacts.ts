/**
 * The stand-in's Contacts: the one query Moments sends for them, and nothing else.
 * `SELECT Id, Name, Email FROM Contact WHERE AccountId = '…' AND Email != null
 *  ORDER BY LastModifiedDate DESC LIMIT n` → the account's contacts with an e-mail address, newest first.
 */
import { SoqlRefusal } from './standInSoql.ts'

export interface StandInContact {
  id: string
  accountId: string
  name: string
  email: string | null
  /** ISO 8601: the newest first */
  lastModified: string
}

const CONTACT_QUERY =
  /^SELECT Id, Name, Email FROM Contact WHERE AccountId = '([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)' AND Email != null ORDER BY LastModifiedDate DESC LIMIT (\d+)$/

export function isContactQuery(soql: string): boolean {
  return /\bFROM\s+Contact\b/i.test(soql)
}

export function runContactQuery(soql: string, contacts: readonly StandInContact[], apiVersion: string) {
  const match = CONTACT_QUERY.exec(soql.trim())
  if (!match) throw new SoqlRefusal('MALFORMED_QUERY', `unexpected token: '${soql.trim().slice(0, 60)}'`)
  const [, accountId = '', limit = '0'] = match
  return contacts
    .filter((c) => c.accountId.slice(0, 15) === accountId.slice(0, 15) && c.email !== null)
    .sort((a, b) => b.lastModified.localeCompare(a.lastModified))
    .slice(0, Number(limit))
    .map((c) => ({
      attributes: { type: 'Contact', url: `/services/data/v${apiVersion}/sobjects/Contact/${c.id}` },
      Id: c.id,
      Name: c.name,
      Email: c.email,
    }))
}
