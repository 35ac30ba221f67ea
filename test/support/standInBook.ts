/** Made-up Salesforce users and accounts, with well-formed 18-character Ids, for the stand-in. */
import { toCaseSafeId } from '../../main/core/ownership/salesforceId.ts'
import type { StandInAccount, StandInUser } from './standInQuery.ts'

/** Key prefixes Salesforce uses: 001 Account, 005 User. */
export function salesforceId(prefix: '001' | '005', serial: number): string {
  return toCaseSafeId(`${prefix}5g00000${String(serial).padStart(5, '0')}`)
}

export function standInUser(serial: number, name: string): StandInUser {
  return {
    id: salesforceId('005', serial),
    name,
    email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.com`,
  }
}

/** `count` accounts numbered from `firstSerial`, each with the given people. */
export function accountsOwnedBy(
  count: number,
  people: StandInAccount['people'],
  firstSerial = 1,
): StandInAccount[] {
  return Array.from({ length: count }, (_, i) => ({
    id: salesforceId('001', firstSerial + i),
    name: `Account ${firstSerial + i}`,
    people,
  }))
}
