import { describe, expect, it } from 'vitest'
import {
  fetchAllAccounts,
  fetchOwnedAccounts,
  type OwnedAccountsOptions,
} from '../../../main/core/ownership/salesforceOwnership.ts'
import { salesforcePerTest } from '../../support/salesforcePerTest.ts'
import type { SalesforceStandIn } from '../../support/salesforceStandIn.ts'
import { accountsOwnedBy, salesforceId, standInUser } from '../../support/standInBook.ts'

const alice = standInUser(1, 'Alice Martin')
const bob = standInUser(2, 'Bob Chen')
const carol = standInUser(3, 'Carol Diaz')

const salesforceWith = salesforcePerTest(alice)

function settings(
  salesforce: SalesforceStandIn,
  extra: Partial<OwnedAccountsOptions> = {},
): OwnedAccountsOptions {
  return {
    instanceUrl: salesforce.url,
    accessToken: salesforce.accessToken,
    ownerFields: ['OwnerId'],
    retryBaseDelayMs: 10,
    timeoutMs: 2_000,
    ...extra,
  }
}

describe('fetchOwnedAccounts', () => {
  it('keeps the accounts the configured user owns, each with its owner', async () => {
    const salesforce = await salesforceWith({
      accounts: [...accountsOwnedBy(2, { OwnerId: alice }, 1), ...accountsOwnedBy(1, { OwnerId: bob }, 10)],
    })

    const snapshot = await fetchOwnedAccounts(settings(salesforce, { userId: alice.id }))

    expect(snapshot).toEqual({
      userId: alice.id,
      accounts: [
        {
          id: salesforceId('001', 1),
          name: 'Account 1',
          people: [
            { field: 'OwnerId', userId: alice.id, name: 'Alice Martin', email: 'alice.martin@example.com' },
          ],
        },
        {
          id: salesforceId('001', 2),
          name: 'Account 2',
          people: [
            { field: 'OwnerId', userId: alice.id, name: 'Alice Martin', email: 'alice.martin@example.com' },
          ],
        },
      ],
    })
    expect(salesforce.requests.map((request) => request.kind)).toEqual(['query'])
    expect(salesforce.requests[0]?.bearer).toBe(salesforce.accessToken)
  })

  it('sends one SOQL statement naming each owner field and its person', async () => {
    const salesforce = await salesforceWith({ ownerFields: ['OwnerId', 'Solutions_Engineer__c'] })

    await fetchOwnedAccounts(
      settings(salesforce, { userId: alice.id, ownerFields: ['OwnerId', 'Solutions_Engineer__c'] }),
    )

    expect(salesforce.queries()).toEqual([
      'SELECT Id, Name, OwnerId, Owner.Name, Owner.Email, Solutions_Engineer__c, Solutions_Engineer__r.Name, ' +
        `Solutions_Engineer__r.Email FROM Account WHERE OwnerId = '${alice.id}' OR Solutions_Engineer__c = '${alice.id}'`,
    ])
  })

  it('asks Salesforce whose token it is when no user Id is configured', async () => {
    const salesforce = await salesforceWith({
      currentUser: bob,
      accounts: [...accountsOwnedBy(1, { OwnerId: alice }, 1), ...accountsOwnedBy(1, { OwnerId: bob }, 2)],
    })

    const snapshot = await fetchOwnedAccounts(settings(salesforce))

    expect(snapshot.userId).toBe(bob.id)
    expect(snapshot.accounts.map((account) => account.id)).toEqual([salesforceId('001', 2)])
    expect(salesforce.requests.map((request) => request.kind)).toEqual(['userinfo', 'query'])
  })

  it('takes a 15-character user Id and reports the 18-character one', async () => {
    const salesforce = await salesforceWith({ accounts: accountsOwnedBy(1, { OwnerId: alice }) })

    const snapshot = await fetchOwnedAccounts(settings(salesforce, { userId: alice.id.slice(0, 15) }))

    expect(snapshot.userId).toBe(alice.id)
    expect(snapshot.accounts).toHaveLength(1)
  })

  it('includes an account where the user is the Solutions Engineer but not the owner', async () => {
    const salesforce = await salesforceWith({
      accounts: [
        ...accountsOwnedBy(1, { OwnerId: bob, Solutions_Engineer__c: alice }, 1),
        ...accountsOwnedBy(1, { OwnerId: bob, Solutions_Engineer__c: carol }, 2),
        ...accountsOwnedBy(1, { OwnerId: alice, Solutions_Engineer__c: null }, 3),
      ],
    })

    const snapshot = await fetchOwnedAccounts(
      settings(salesforce, { userId: alice.id, ownerFields: ['OwnerId', 'Solutions_Engineer__c'] }),
    )

    expect(snapshot.accounts).toEqual([
      {
        id: salesforceId('001', 1),
        name: 'Account 1',
        people: [
          { field: 'OwnerId', userId: bob.id, name: 'Bob Chen', email: 'bob.chen@example.com' },
          {
            field: 'Solutions_Engineer__c',
            userId: alice.id,
            name: 'Alice Martin',
            email: 'alice.martin@example.com',
          },
        ],
      },
      {
        id: salesforceId('001', 3),
        name: 'Account 3',
        people: [
          { field: 'OwnerId', userId: alice.id, name: 'Alice Martin', email: 'alice.martin@example.com' },
        ],
      },
    ])
  })

  it('finds an owned account that only comes on the second page', async () => {
    const salesforce = await salesforceWith({
      pageSize: 2,
      accounts: [...accountsOwnedBy(2, { OwnerId: alice }, 1), ...accountsOwnedBy(1, { OwnerId: alice }, 3)],
    })

    const snapshot = await fetchOwnedAccounts(settings(salesforce, { userId: alice.id }))

    expect(snapshot.accounts.map((account) => account.name)).toEqual(['Account 1', 'Account 2', 'Account 3'])
    expect(salesforce.requests.map((request) => request.kind)).toEqual(['query', 'queryMore'])
  })

  it('reads a book of 5,000 accounts to the end over three pages of 2,000', async () => {
    const salesforce = await salesforceWith({ accounts: accountsOwnedBy(5_000, { OwnerId: alice }) })

    const snapshot = await fetchOwnedAccounts(settings(salesforce, { userId: alice.id }))

    expect(snapshot.accounts).toHaveLength(5_000)
    expect(new Set(snapshot.accounts.map((account) => account.id)).size).toBe(5_000)
    expect(snapshot.accounts.at(-1)?.name).toBe('Account 5000')
    expect(salesforce.requests.map((request) => [request.kind, request.status])).toEqual([
      ['query', 200],
      ['queryMore', 200],
      ['queryMore', 200],
    ])
  })
})

describe('fetchAllAccounts', () => {
  it('lists every account with the people its owner fields name, for a team channel', async () => {
    const salesforce = await salesforceWith({
      pageSize: 2,
      accounts: [
        ...accountsOwnedBy(2, { OwnerId: alice, Solutions_Engineer__c: carol }, 1),
        ...accountsOwnedBy(1, { OwnerId: bob, Solutions_Engineer__c: null }, 3),
      ],
    })

    const { accounts } = await fetchAllAccounts({
      instanceUrl: salesforce.url,
      accessToken: salesforce.accessToken,
      ownerFields: ['OwnerId', 'Solutions_Engineer__c'],
    })

    expect(accounts.map((account) => [account.name, account.people.map((person) => person.name)])).toEqual([
      ['Account 1', ['Alice Martin', 'Carol Diaz']],
      ['Account 2', ['Alice Martin', 'Carol Diaz']],
      ['Account 3', ['Bob Chen']],
    ])
    expect(salesforce.queries()[0]).not.toContain('WHERE')
    expect(salesforce.requests.some((request) => request.kind === 'userinfo')).toBe(false)
  })
})
