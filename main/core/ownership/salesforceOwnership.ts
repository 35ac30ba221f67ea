/**
 * The user's book of accounts, read from Salesforce: every Account one of the owner fields
 * (OwnerId, Solutions_Engineer__c, …) points at the user for. Settings are checked before anything
 * is sent; failures surface as the errors of `salesforceErrors.ts`.
 */
import { type AccountRecord, toOwnedAccounts } from './accountRecords.ts'
import { currentUserId } from './currentSalesforceUser.ts'
import type { OwnedAccount, OwnershipSnapshot } from './ownedAccount.ts'
import { queryAllRecords } from './queryAllRecords.ts'
import { openSalesforceSession, type SalesforceOptions } from './salesforceSession.ts'
import { accountsSoql, checkOwnerFields, checkUserId } from './soql.ts'

export {
  SalesforceQueryError,
  SalesforceSessionExpiredError,
  SalesforceSettingError,
  SalesforceUnavailableError,
} from './salesforceErrors.ts'
export type { SalesforceOptions } from './salesforceSession.ts'

export interface OwnedAccountsOptions extends SalesforceOptions {
  /** 15 or 18 characters; when absent, Salesforce is asked whose token this is (userinfo) */
  userId?: string
  /** Account lookup fields that make an account the user's, e.g. `['OwnerId', 'Solutions_Engineer__c']` */
  ownerFields: string[]
}

export interface AllAccountsOptions extends SalesforceOptions {
  /** The lookup fields whose people each account lists */
  ownerFields: string[]
}

/** The accounts any of `ownerFields` assigns to the user, each with all the people its owner fields name. */
export async function fetchOwnedAccounts(options: OwnedAccountsOptions): Promise<OwnershipSnapshot> {
  const ownerFields = checkOwnerFields(options.ownerFields)
  const configuredUserId = options.userId === undefined ? undefined : checkUserId(options.userId)
  const session = openSalesforceSession(options)
  const userId = configuredUserId ?? (await currentUserId(session))
  const records = await queryAllRecords<AccountRecord>(session, accountsSoql(ownerFields, userId))
  return { userId, accounts: toOwnedAccounts(records, ownerFields) }
}

/**
 * Every account the token can read, with its people: for a team channel bot that mentions each
 * account's owner. On a large org this is many pages; it reads them all.
 */
export async function fetchAllAccounts(options: AllAccountsOptions): Promise<{ accounts: OwnedAccount[] }> {
  const ownerFields = checkOwnerFields(options.ownerFields)
  const session = openSalesforceSession(options)
  const records = await queryAllRecords<AccountRecord>(session, accountsSoql(ownerFields))
  return { accounts: toOwnedAccounts(records, ownerFields) }
}
