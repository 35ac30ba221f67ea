/**
 * Whom to reach out to when the event names nobody: the account's contacts with an e-mail address,
 * most recently changed first (the ones the team keeps up to date). The Account Id is the only value
 * in the SOQL, and it is checked to be an Id first: the query resource has no bind parameters.
 */

import { queryAllRecords } from '../ownership/queryAllRecords.ts'
import { isSalesforceId } from '../ownership/salesforceId.ts'
import type { SalesforceSession } from '../ownership/salesforceSession.ts'

export const CONTACTS_LIMIT = 5

interface ContactRecord {
  Name?: unknown
  Email?: unknown
}

export interface AccountContact {
  name: string
  email: string
}

export async function accountContacts(
  session: SalesforceSession,
  accountId: string,
): Promise<AccountContact[]> {
  if (!isSalesforceId(accountId)) return []
  const records = await queryAllRecords<ContactRecord>(
    session,
    `SELECT Id, Name, Email FROM Contact WHERE AccountId = '${accountId}' AND Email != null ORDER BY LastModifiedDate DESC LIMIT ${CONTACTS_LIMIT}`,
  )
  return records.flatMap((record) =>
    typeof record.Email === 'string' && record.Email
      ? [{ name: typeof record.Name === 'string' ? record.Name : '', email: record.Email }]
      : [],
  )
}
