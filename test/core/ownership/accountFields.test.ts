import { describe, expect, it } from 'vitest'
import { accountFieldReader } from '../../../main/core/ownership/accountFieldReader.ts'
import { accountFieldRequests } from '../../../main/core/ownership/accountFields.ts'
import {
  fetchAllAccounts,
  fetchOwnedAccounts,
  type OwnedAccountsOptions,
  SalesforceSettingError,
} from '../../../main/core/ownership/salesforceOwnership.ts'
import { salesforcePerTest } from '../../support/salesforcePerTest.ts'
import type { SalesforceStandIn, StandInAccount } from '../../support/salesforceStandIn.ts'
import { accountsOwnedBy, salesforceId, standInUser } from '../../support/standInBook.ts'

// The account fields are read with ownership, in the same paged query, by the real jsforce client
// against the stand-in; the org is described first (sObject Describe) to learn which fields it has.

const alice = standInUser(1, 'Alice Martin')
const bob = standInUser(2, 'Bob Chen')
const RENEWAL = { name: 'Renewal_Date__c', label: 'Renewal Date', type: 'date' }

const salesforceWith = salesforcePerTest(alice)

function settings(salesforce: SalesforceStandIn, listed?: string[]): OwnedAccountsOptions {
  return {
    instanceUrl: salesforce.url,
    accessToken: salesforce.accessToken,
    userId: alice.id,
    ownerFields: ['OwnerId'],
    accountFields: accountFieldReader(accountFieldRequests(listed)),
    retryBaseDelayMs: 10,
    timeoutMs: 5_000,
  }
}

const trial: StandInAccount = {
  id: salesforceId('001', 1),
  name: 'Acme Trial',
  people: { OwnerId: alice },
  fields: {
    Type: 'Trial',
    Industry: 'Software',
    AnnualRevenue: 1_250_000.5,
    NumberOfEmployees: 120,
    Renewal_Date__c: new Date('2026-11-30T00:00:00Z'),
    CreatedDate: new Date('2021-03-04T09:10:11.123Z'),
  },
}

describe('account fields read with ownership', () => {
  it('reads the default fields in the ownership query, with the org labels and types', async () => {
    const salesforce = await salesforceWith({ accounts: [trial] })

    const snapshot = await fetchOwnedAccounts(settings(salesforce))

    expect(snapshot.accounts[0]?.fields).toEqual({
      Name: 'Acme Trial',
      Type: 'Trial',
      Industry: 'Software',
      AnnualRevenue: 1_250_000.5,
    })
    expect(snapshot.accountFields).toEqual([
      { path: 'Name', label: 'Account Name', type: 'string' },
      { path: 'Type', label: 'Account Type', type: 'picklist' },
      { path: 'Industry', label: 'Industry', type: 'picklist' },
      { path: 'AnnualRevenue', label: 'Annual Revenue', type: 'currency' },
    ])
    expect(snapshot.notes).toEqual([])
    expect(salesforce.requests.map((request) => request.kind)).toEqual(['describe', 'query'])
    expect(salesforce.queries()).toEqual([
      `SELECT Id, Name, OwnerId, Owner.Name, Owner.Email, Type, Industry, AnnualRevenue FROM Account WHERE OwnerId = '${alice.id}'`,
    ])
  })

  it('leaves out a default field the org hides, and says nothing of it', async () => {
    const salesforce = await salesforceWith({ accounts: [trial], hiddenAccountFields: ['Industry'] })

    const snapshot = await fetchOwnedAccounts(settings(salesforce))

    expect(snapshot.accountFields?.map((field) => field.path)).toEqual(['Name', 'Type', 'AnnualRevenue'])
    expect(snapshot.accounts[0]?.fields).not.toHaveProperty('Industry')
    expect(snapshot.notes).toEqual([])
  })

  it('reads custom, date, datetime and lookup fields as Salesforce writes them, lookups nested', async () => {
    const salesforce = await salesforceWith({ accounts: [trial], accountFields: [RENEWAL] })

    const snapshot = await fetchOwnedAccounts(
      settings(salesforce, ['type', 'Renewal_Date__c', 'CreatedDate', 'NumberOfEmployees', 'Owner.Name']),
    )

    expect(snapshot.accounts[0]?.fields).toEqual({
      Type: 'Trial',
      Renewal_Date__c: '2026-11-30',
      CreatedDate: '2021-03-04T09:10:11.123+0000',
      NumberOfEmployees: 120,
      Owner: { Name: 'Alice Martin' },
    })
    expect(snapshot.accountFields).toEqual([
      { path: 'Type', label: 'Account Type', type: 'picklist' },
      { path: 'Renewal_Date__c', label: 'Renewal Date', type: 'date' },
      { path: 'CreatedDate', label: 'Created Date', type: 'datetime' },
      { path: 'NumberOfEmployees', label: 'Employees', type: 'int' },
      { path: 'Owner.Name', label: 'Owner › Full Name', type: 'string' },
    ])
    // Owner.Name is selected once, for ownership; the User object is described for its label.
    expect(salesforce.requests.map((request) => request.kind)).toEqual(['describe', 'describe', 'query'])
    expect(salesforce.queries()[0]).toBe(
      `SELECT Id, Name, OwnerId, Owner.Name, Owner.Email, Type, Renewal_Date__c, CreatedDate, NumberOfEmployees FROM Account WHERE OwnerId = '${alice.id}'`,
    )
  })

  it('keeps an empty lookup null and an unset field null', async () => {
    const parentless = { ...trial, fields: { Type: null } }
    const salesforce = await salesforceWith({ accounts: [parentless] })

    const snapshot = await fetchOwnedAccounts(settings(salesforce, ['Type', 'Parent.Name', 'AnnualRevenue']))

    expect(snapshot.accounts[0]?.fields).toEqual({ Type: null, Parent: null, AnnualRevenue: null })
    expect(snapshot.accountFields?.find((field) => field.path === 'Parent.Name')?.label).toBe(
      'Parent Account › Account Name',
    )
  })

  it('names a listed field the org does not have, and still reads the book without it', async () => {
    const salesforce = await salesforceWith({ accounts: [trial] })

    const snapshot = await fetchOwnedAccounts(
      settings(salesforce, ['Type', 'Renewal_Date__c', 'BillingAddress']),
    )

    expect(snapshot.accounts).toHaveLength(1)
    expect(snapshot.accounts[0]?.fields).toEqual({ Type: 'Trial' })
    expect(snapshot.notes).toEqual([
      "salesforce.accountFields[1]: the org's Account has no field Renewal_Date__c; read without it",
      'salesforce.accountFields[2]: BillingAddress is a compound address field: list its parts instead, e.g. BillingCity, BillingCountry; read without it',
    ])
  })

  it('reads on without a field removed from the org between two refreshes', async () => {
    const salesforce = await salesforceWith({ accounts: [trial], accountFields: [RENEWAL] })
    const options = settings(salesforce, ['Type', 'Renewal_Date__c'])

    const before = await fetchOwnedAccounts(options)
    salesforce.removeAccountField('Renewal_Date__c')
    const after = await fetchOwnedAccounts(options)

    expect(before.accounts[0]?.fields).toEqual({ Type: 'Trial', Renewal_Date__c: '2026-11-30' })
    expect(after.accounts[0]?.fields).toEqual({ Type: 'Trial' })
    expect(after.notes).toEqual([
      "salesforce.accountFields[1]: the org's Account has no field Renewal_Date__c; read without it",
    ])
    // The first refresh described the org; the second found out from the query, then described again.
    expect(salesforce.requests.map((request) => [request.kind, request.status])).toEqual([
      ['describe', 200],
      ['query', 200],
      ['query', 400],
      ['describe', 200],
      ['query', 200],
    ])
  })

  it('refuses a path that is not a field name, naming the setting', () => {
    const refusal = (() => {
      try {
        accountFieldRequests(['Type', "Name' OR Name != '"])
      } catch (error) {
        return error
      }
    })()

    expect(refusal).toBeInstanceOf(SalesforceSettingError)
    expect((refusal as SalesforceSettingError).setting).toBe('salesforce.accountFields[1]')
  })

  it('reads 2,000 accounts with their fields over several pages', async () => {
    const book = accountsOwnedBy(2_000, { OwnerId: alice }).map((account, i) => ({
      ...account,
      fields: {
        Type: i % 3 === 0 ? 'Trial' : 'Customer - Direct',
        Renewal_Date__c: `2027-01-${String((i % 28) + 1).padStart(2, '0')}`,
      },
    }))
    // Salesforce sends smaller batches than 2,000 when a query selects many fields.
    const salesforce = await salesforceWith({ accounts: book, accountFields: [RENEWAL], pageSize: 600 })

    const snapshot = await fetchOwnedAccounts(settings(salesforce, ['Type', 'Renewal_Date__c']))

    expect(snapshot.accounts).toHaveLength(2_000)
    expect(new Set(snapshot.accounts.map((account) => account.id)).size).toBe(2_000)
    expect(snapshot.accounts.filter((account) => account.fields?.Type === 'Trial')).toHaveLength(667)
    expect(snapshot.accounts.at(-1)?.fields).toEqual({
      Type: 'Customer - Direct',
      Renewal_Date__c: '2027-01-12',
    })
    expect(salesforce.requests.map((request) => request.kind)).toEqual([
      'describe',
      'query',
      'queryMore',
      'queryMore',
      'queryMore',
    ])
  })

  it('starts a paged read over when its query locator expired, and keeps each account once', async () => {
    const salesforce = await salesforceWith({
      accounts: accountsOwnedBy(2_000, { OwnerId: alice }),
      pageSize: 600,
    })
    salesforce.expireQueryLocatorsAfter(1)

    const snapshot = await fetchOwnedAccounts(settings(salesforce, ['Type']))

    expect(snapshot.accounts).toHaveLength(2_000)
    expect(new Set(snapshot.accounts.map((account) => account.id)).size).toBe(2_000)
    expect(salesforce.requests.map((request) => [request.kind, request.status])).toEqual([
      ['describe', 200],
      ['query', 200],
      ['queryMore', 200],
      ['queryMore', 400],
      ['query', 200],
      ['queryMore', 200],
      ['queryMore', 200],
      ['queryMore', 200],
    ])
  })

  it('reads the fields of every account for a team channel, lookups to other people included', async () => {
    const salesforce = await salesforceWith({
      accounts: [
        trial,
        {
          id: salesforceId('001', 2),
          name: 'Bob Co',
          people: { OwnerId: bob },
          fields: { Type: 'Customer - Direct' },
        },
      ],
    })

    const { accounts, accountFields } = await fetchAllAccounts({
      instanceUrl: salesforce.url,
      accessToken: salesforce.accessToken,
      ownerFields: ['OwnerId'],
      accountFields: accountFieldReader(accountFieldRequests(['Type', 'Owner.Name'])),
    })

    expect(accounts.map((account) => account.fields)).toEqual([
      { Type: 'Trial', Owner: { Name: 'Alice Martin' } },
      { Type: 'Customer - Direct', Owner: { Name: 'Bob Chen' } },
    ])
    expect(accountFields?.map((field) => field.path)).toEqual(['Type', 'Owner.Name'])
    expect(accounts[1]?.id).toBe(salesforceId('001', 2))
  })
})
