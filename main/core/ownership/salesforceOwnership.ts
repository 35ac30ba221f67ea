/**
 * The user's book of accounts, read from Salesforce: every Account one of the owner fields
 * (OwnerId, Solutions_Engineer__c, …) points at the user for. Settings are checked before anything
 * is sent; failures surface as the errors of `salesforceErrors.ts`.
 */
import type { AccountFieldReader } from './accountFieldReader.ts'
import { type AccountRecord, toOwnedAccounts } from './accountRecords.ts'
import { currentUserId } from './currentSalesforceUser.ts'
import type { OwnershipSnapshot } from './ownedAccount.ts'
import { queryAllRecords } from './queryAllRecords.ts'
import { SalesforceQueryError } from './salesforceErrors.ts'
import { openSalesforceSession, type SalesforceOptions, type SalesforceSession } from './salesforceSession.ts'
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
  /** The account fields read with each account (`salesforce.accountFields`); none when absent */
  accountFields?: AccountFieldReader
}

export interface AllAccountsOptions extends SalesforceOptions {
  /** The lookup fields whose people each account lists */
  ownerFields: string[]
  accountFields?: AccountFieldReader
}

type Book = Omit<OwnershipSnapshot, 'userId'>

/** The accounts any of `ownerFields` assigns to the user, each with all the people its owner fields name. */
export async function fetchOwnedAccounts(options: OwnedAccountsOptions): Promise<OwnershipSnapshot> {
  const ownerFields = checkOwnerFields(options.ownerFields)
  const configuredUserId = options.userId === undefined ? undefined : checkUserId(options.userId)
  const session = openSalesforceSession(options)
  const userId = configuredUserId ?? (await currentUserId(session))
  return { userId, ...(await readBook(session, ownerFields, userId, options.accountFields)) }
}

/**
 * Every account the token can read, with its people: for a team channel bot that mentions each
 * account's owner. On a large org this is many pages; it reads them all.
 */
export async function fetchAllAccounts(options: AllAccountsOptions): Promise<Book> {
  const ownerFields = checkOwnerFields(options.ownerFields)
  const session = openSalesforceSession(options)
  return readBook(session, ownerFields, undefined, options.accountFields)
}

/** The accounts (of `ownerId`, or all), with their people and, in the same query, their fields. */
async function readBook(
  session: SalesforceSession,
  ownerFields: string[],
  ownerId: string | undefined,
  reader: AccountFieldReader | undefined,
): Promise<Book> {
  if (!reader) {
    const records = await queryAllRecords<AccountRecord>(session, accountsSoql(ownerFields, ownerId))
    return { accounts: toOwnedAccounts(records, ownerFields) }
  }
  const read = async (fresh: boolean) => {
    const plan = await reader.plan(session, { fresh })
    const soql = accountsSoql(
      ownerFields,
      ownerId,
      plan.fields.map((field) => field.path),
    )
    return { plan, records: await queryAllRecords<AccountRecord>(session, soql) }
  }
  let answer: Awaited<ReturnType<typeof read>>
  try {
    answer = await read(false)
  } catch (error) {
    if (!isUnknownAccountField(error, ownerFields)) throw error
    // The org changed since it was described (a field deleted or hidden): describe it again, once.
    try {
      answer = await read(true)
    } catch (again) {
      if (!isUnknownAccountField(again, ownerFields)) throw again
      throw new SalesforceQueryError(
        `${again.message.replace(/: check salesforce\.ownerFields$/, '')}: check salesforce.accountFields`,
        again.errorCode,
        again.field,
        { cause: again },
      )
    }
  }
  const { plan, records } = answer
  return {
    accounts: toOwnedAccounts(records, ownerFields, plan.fields),
    accountFields: plan.fields,
    notes: plan.problems
      .filter((problem) => problem.request.required)
      .map((problem) => `${problem.request.setting}: ${problem.reason}; read without it`),
  }
}

/** Salesforce refused a field of the query that is not an owner field. */
function isUnknownAccountField(
  error: unknown,
  ownerFields: readonly string[],
): error is SalesforceQueryError {
  if (!(error instanceof SalesforceQueryError) || error.errorCode !== 'INVALID_FIELD') return false
  return error.field === undefined || !ownerFields.includes(error.field)
}
