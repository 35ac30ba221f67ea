import { describe, expect, it } from 'vitest'
import { isSalesforceId, toCaseSafeId } from '../../../main/core/ownership/salesforceId.ts'
import {
  accountsSoql,
  checkOwnerFields,
  checkUserId,
  ownerRelationship,
} from '../../../main/core/ownership/soql.ts'

describe('Salesforce Ids', () => {
  it('computes the 18-character form Salesforce returns', () => {
    // From the REST API guide's query example.
    expect(toCaseSafeId('001D000000IRFma')).toBe('001D000000IRFmaIAH')
    expect(toCaseSafeId('001D000000IRFmaIAH')).toBe('001D000000IRFmaIAH')
  })

  it('tells a well-formed Id from a typo', () => {
    expect(isSalesforceId('001D000000IRFma')).toBe(true)
    expect(isSalesforceId('001D000000IRFmaIAH')).toBe(true)
    expect(isSalesforceId('001D000000IRFMaIAH')).toBe(false)
    expect(isSalesforceId('001D000000IRFm')).toBe(false)
  })

  it('keeps the configured user Id in its 18-character form', () => {
    expect(checkUserId('001D000000IRFma')).toBe('001D000000IRFmaIAH')
  })
})

describe('owner fields', () => {
  it('reach their person through the matching relationship', () => {
    expect(ownerRelationship('OwnerId')).toBe('Owner')
    expect(ownerRelationship('Solutions_Engineer__c')).toBe('Solutions_Engineer__r')
    expect(ownerRelationship('acme__Partner_Manager__c')).toBe('acme__Partner_Manager__r')
  })

  it('accept standard, custom and namespaced lookups, each once', () => {
    expect(checkOwnerFields(['OwnerId', 'Solutions_Engineer__c', 'acme__CSM__c', 'OwnerId'])).toEqual([
      'OwnerId',
      'Solutions_Engineer__c',
      'acme__CSM__c',
    ])
  })
})

describe('the accounts query', () => {
  it('selects each owner field with its person and keeps the user on any of them', () => {
    expect(accountsSoql(['OwnerId', 'CSM__c'], '005000000000001AAA')).toBe(
      'SELECT Id, Name, OwnerId, Owner.Name, Owner.Email, CSM__c, CSM__r.Name, CSM__r.Email FROM Account ' +
        "WHERE OwnerId = '005000000000001AAA' OR CSM__c = '005000000000001AAA'",
    )
  })

  it('has no WHERE for the whole org', () => {
    expect(accountsSoql(['OwnerId'])).toBe('SELECT Id, Name, OwnerId, Owner.Name, Owner.Email FROM Account')
  })
})
