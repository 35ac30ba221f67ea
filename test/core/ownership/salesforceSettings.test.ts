import { afterEach, describe, expect, it } from 'vitest'
import {
  fetchAllAccounts,
  fetchOwnedAccounts,
  type OwnedAccountsOptions,
  SalesforceSettingError,
} from '../../../main/core/ownership/salesforceOwnership.ts'
import { SalesforceStandIn } from '../../support/salesforceStandIn.ts'
import { standInUser } from '../../support/standInBook.ts'

const alice = standInUser(1, 'Alice Martin')

let standIn: SalesforceStandIn | undefined

afterEach(async () => {
  await standIn?.close()
  standIn = undefined
})

async function rejection(extra: Partial<OwnedAccountsOptions>): Promise<SalesforceSettingError> {
  standIn = new SalesforceStandIn({ currentUser: alice })
  await standIn.start()
  const options = {
    instanceUrl: standIn.url,
    accessToken: standIn.accessToken,
    ownerFields: ['OwnerId'],
    ...extra,
  }
  const error = await fetchOwnedAccounts(options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(error).toBeInstanceOf(SalesforceSettingError)
  expect(standIn.requests).toEqual([])
  return error as SalesforceSettingError
}

describe('settings checked before anything is sent', () => {
  it.each([
    ['a quote that would end the SOQL string', ["OwnerId = '' OR Name"]],
    ['a space', ['Owner Id']],
    ['a relationship instead of its field', ['Owner']],
    ['a dotted path', ['Owner.Id']],
    ['a custom field without __c', ['Solutions_Engineer']],
    ['a triple underscore', ['Solutions___Engineer__c']],
  ])('refuses an owner field with %s', async (_, ownerFields) => {
    const error = await rejection({ ownerFields })

    expect(error.setting).toBe('salesforce.ownerFields[0]')
    expect(error.message).toContain(JSON.stringify(ownerFields[0]))
  })

  it('names the position of the bad owner field', async () => {
    const error = await rejection({ ownerFields: ['OwnerId', 'Solutions Engineer'] })

    expect(error.message).toMatch(/^salesforce\.ownerFields\[1\]: "Solutions Engineer" is not a lookup field/)
  })

  it('refuses an empty list of owner fields', async () => {
    const error = await rejection({ ownerFields: [] })

    expect(error.setting).toBe('salesforce.ownerFields')
  })

  it.each([
    ['an injection attempt', "005000000000001' OR Name != '"],
    ['too few characters', '005000000000001AA'],
    ['a wrong 18-character suffix (a typo)', '005000000000001AAB'],
    ['punctuation', '005-00000000001AAA'],
  ])('refuses a user Id with %s', async (_, userId) => {
    const error = await rejection({ userId })

    expect(error.setting).toBe('salesforce.userId')
  })

  it('refuses a plain-http instance URL that is not on this machine', async () => {
    const error = await rejection({ instanceUrl: 'http://example.my.salesforce.com' })

    expect(error.message).toBe(
      'salesforce.instanceUrl: http://example.my.salesforce.com must be an https URL',
    )
  })

  it('refuses a malformed API version', async () => {
    const error = await rejection({ apiVersion: 'v62' })

    expect(error.setting).toBe('salesforce.apiVersion')
  })

  it('refuses an empty access token without echoing it', async () => {
    const error = await rejection({ accessToken: ' ' })

    expect(error.message).toBe('salesforce.accessToken: is empty')
  })

  it('checks the owner fields of the team channel query too', async () => {
    await expect(
      fetchAllAccounts({
        instanceUrl: 'https://example.my.salesforce.com',
        accessToken: 't',
        ownerFields: ['x y'],
      }),
    ).rejects.toBeInstanceOf(SalesforceSettingError)
  })
})
