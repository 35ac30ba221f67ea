import { describe, expect, it } from 'vitest'
import type { AccountFieldInfo, AccountValues } from '../../../main/core/ownership/accountFields.ts'
import { accountContext } from '../../../main/core/rules/accountContext.ts'
import { accountFieldsUsed } from '../../../main/core/rules/accountFieldsUsed.ts'
import { parseRulesFile } from '../../../main/core/rules/loadRules.ts'
import { matchRules } from '../../../main/core/rules/matchRules.ts'
import type { WarehouseEvent } from '../../../main/core/warehouse/warehouseEvent.ts'

// `account.<Field>` in conditions and `{{account.<Field>}}` in messages, over values as Salesforce's
// REST API gives them and typed by the org's describe.

const FIELDS: AccountFieldInfo[] = [
  { path: 'Type', label: 'Account Type', type: 'picklist' },
  { path: 'Renewal_Date__c', label: 'Renewal Date', type: 'date' },
  { path: 'CreatedDate', label: 'Created Date', type: 'datetime' },
  { path: 'NumberOfEmployees', label: 'Employees', type: 'int' },
  { path: 'AnnualRevenue', label: 'Annual Revenue', type: 'currency' },
  { path: 'Products__c', label: 'Products', type: 'multipicklist' },
  { path: 'Owner.Name', label: 'Owner › Full Name', type: 'string' },
]

const TRIAL: AccountValues = {
  Type: 'Trial',
  Renewal_Date__c: '2026-12-20',
  CreatedDate: '2021-03-04T09:10:11.000+0000',
  NumberOfEmployees: 120,
  AnnualRevenue: 1_250_000.5,
  Products__c: 'Pipelines;Code Engine',
  Owner: { Name: 'Ada Lovelace' },
}

function event(fields: Record<string, string | number | boolean | null> = {}): WarehouseEvent {
  const at = new Date('2026-11-26T09:00:00Z')
  return {
    eventId: 'e1',
    loadedAtRaw: '2026-11-26 09:00:00+00',
    loadedAt: at,
    occurredAt: at,
    source: 'website',
    eventType: 'page_view',
    accountId: '001000000000001AAA',
    accountName: 'Acme Corp',
    fields: { account_name: 'Acme Corp', user_name: 'Jo', ...fields },
  }
}

function rule(when: string, message = 'm') {
  return parseRulesFile(
    'rules.yaml',
    `rules:\n  - id: r\n    name: R\n    when: ${JSON.stringify(when)}\n    message: ${JSON.stringify(message)}\n`,
  )
}

function judge(when: string, values: AccountValues | undefined = TRIAL) {
  const { matches, failures } = matchRules(event(), rule(when), accountContext(values, FIELDS))
  return failures.length > 0 ? `error: ${failures[0]?.error}` : matches.length === 1
}

describe('conditions on account fields', () => {
  it.each([
    ['account.Type == "Trial"', true],
    ['account.Type != "Trial"', false],
    ['account.Type in ["Trial", "Prospect"]', true],
    // A date is a timestamp at midnight UTC: 24 days after the event, within 30 days of it.
    ['account.Renewal_Date__c < event.occurred_at + duration("720h")', true],
    ['account.Renewal_Date__c < event.occurred_at + duration("480h")', false],
    ['account.Renewal_Date__c.getFullYear() == 2026', true],
    ['account.CreatedDate < timestamp("2021-03-04T09:10:12Z")', true],
    ['event.occurred_at - account.CreatedDate > duration("43800h")', true],
    ['account.NumberOfEmployees > 100', true],
    ['account.NumberOfEmployees == 120', true],
    ['account.AnnualRevenue >= 1000000.0', true],
    ['account.AnnualRevenue > 1000000', true],
    ['"Code Engine" in account.Products__c', true],
    ['account.Owner.Name.startsWith("Ada")', true],
  ])('%s → %s', (when, expected) => {
    expect(judge(when)).toBe(expected)
  })

  it('treats an empty field as null, like an event column', () => {
    const empty = { ...TRIAL, Type: null, Owner: null }
    expect(judge('account.Type == "Trial"', empty)).toBe(false)
    expect(judge('account.Type == null', empty)).toBe(true)
    expect(judge('account.Type.startsWith("T")', empty)).toMatch(/^error: .*null/)
    expect(judge('account.Owner.Name == "Ada"', empty)).toMatch(/^error: /)
  })

  it('errors on a field that was not read, so the rule is no match and counted', () => {
    expect(judge('account.Industry == "Software"')).toMatch(/^error: No such key: Industry/)
    expect(judge('has(account.Industry) && account.Industry == "Software"')).toBe(false)
  })

  it('errors on every account field when the account has none', () => {
    const { failures } = matchRules(
      event(),
      rule('account.Type == "Trial"'),
      accountContext(undefined, FIELDS),
    )
    expect(failures.map((failure) => failure.error)).toEqual([expect.stringMatching(/No such key: Type/)])
  })

  it('is refused at load when `account` is misspelt, like any unknown variable', () => {
    expect(() => rule('acount.Type == "Trial"')).toThrow(/Unknown variable: acount/)
  })
})

describe('messages with account fields', () => {
  it('prints the fields as Salesforce wrote them', () => {
    const [match] = matchRules(
      event(),
      rule(
        'true',
        '{{account_name}} ({{account.Type}}, renews {{account.Renewal_Date__c}}, {{account.Owner.Name}})',
      ),
      accountContext(TRIAL, FIELDS),
    ).matches
    expect(match?.body).toBe('Acme Corp (Trial, renews 2026-12-20, Ada Lovelace)')
  })

  it('shows a section only when the field has a value', () => {
    const template =
      '{{account_name}}{{#account.Renewal_Date__c}}, renews {{account.Renewal_Date__c}}{{/account.Renewal_Date__c}}'
    const render = (values: AccountValues) =>
      matchRules(event(), rule('true', template), accountContext(values, FIELDS)).matches[0]?.body
    expect(render(TRIAL)).toBe('Acme Corp, renews 2026-12-20')
    expect(render({ ...TRIAL, Renewal_Date__c: null })).toBe('Acme Corp')
  })

  it('keeps an event column named account for {{account}}, and the account fields for {{account.Type}}', () => {
    const [match] = matchRules(
      event({ account: 'acme-eu' }),
      rule('event.account == "acme-eu"', '{{account}} / {{account.Type}}'),
      accountContext(TRIAL, FIELDS),
    ).matches
    expect(match?.body).toBe('acme-eu / Trial')
  })

  it('leaves template syntax in a field value as text', () => {
    const [match] = matchRules(
      event(),
      rule('true', '{{account.Type}}'),
      accountContext({ Type: '{{user_name}}' }, FIELDS),
    ).matches
    expect(match?.body).toBe('{{user_name}}')
  })
})

describe('the account fields a condition reads', () => {
  it.each([
    ['account.Type == "Trial"', ['Type']],
    ['account.Owner.Name == "Ada" && account["Industry"] == "x"', ['Owner.Name', 'Industry']],
    ['has(account.Renewal_Date__c) && account.Renewal_Date__c < event.occurred_at', ['Renewal_Date__c']],
    ['event.url == "account.Type"', []],
    ['event.source == "website"', []],
    ['not CEL (', []],
  ])('%s → %j', (when, fields) => {
    expect(accountFieldsUsed(when)).toEqual(fields)
  })
})
