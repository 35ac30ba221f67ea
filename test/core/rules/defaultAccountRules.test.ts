import { describe, expect, it } from 'vitest'
import { DEMO_ACCOUNT_FIELDS } from '../../../main/core/demo/demoAccountFields.ts'
import type { AccountValues } from '../../../main/core/ownership/accountFields.ts'
import { accountContext, NO_ACCOUNT } from '../../../main/core/rules/accountContext.ts'
import { loadRules } from '../../../main/core/rules/loadRules.ts'
import { matchRules } from '../../../main/core/rules/matchRules.ts'
import type { WarehouseEvent } from '../../../main/core/warehouse/warehouseEvent.ts'

// The default rules that read the account: a pricing visit matters outside paying customers (and
// more in a trial), a first load during a trial is a win; without account fields they still work.

const RULES = loadRules({ kind: 'default' })
const AT = new Date('2026-11-26T09:00:00Z')

const PRICING = { source: 'website', event_type: 'page_view', url: '/pricing/teams' }
// Every column a warehouse row has that other default rules read, so none of them errors.
const LOAD = {
  source: 'backend',
  event_type: 'events_loaded',
  output_name: 'Snowflake',
  system_name: 's1',
  method: '',
  url: '',
}

function event(fields: Record<string, string>): WarehouseEvent {
  return {
    eventId: 'e1',
    loadedAtRaw: '2026-11-26 09:00:00+00',
    loadedAt: AT,
    occurredAt: AT,
    source: fields.source ?? 'website',
    eventType: fields.event_type ?? 'page_view',
    accountId: '001000000000001AAA',
    accountName: 'Acme Corp',
    fields: { account_name: 'Acme Corp', user_name: 'Jo', ...fields },
  }
}

function fired(fields: Record<string, string>, account: AccountValues | null) {
  const context = account === null ? NO_ACCOUNT : accountContext(account, [...DEMO_ACCOUNT_FIELDS])
  const { matches, failures } = matchRules(event(fields), RULES, context)
  expect(failures).toEqual([])
  return matches.map((m) => ({ rule: m.rule.id, severity: m.rule.severity, body: m.body }))
}

const customer = (renewal: string | null): AccountValues => ({
  Name: 'Acme Corp',
  Type: 'Customer - Direct',
  Renewal_Date__c: renewal,
})

describe('default rules on the account', () => {
  it('a pricing visit: noise at a paying customer far from renewal, a signal near it, in a prospect or unread', () => {
    expect(fired(PRICING, customer('2027-09-01'))).toEqual([])
    expect(fired(PRICING, customer(null))).toEqual([])
    expect(fired(PRICING, customer('2026-12-20'))).toEqual([
      {
        rule: 'pricing-page-visit',
        severity: 'normal',
        body: 'Jo of Acme Corp is looking at the pricing page (renewal 2026-12-20)',
      },
    ])
    expect(fired(PRICING, { Type: 'Prospect' }).map((m) => m.rule)).toEqual(['pricing-page-visit'])
    expect(fired(PRICING, { Type: null }).map((m) => m.rule)).toEqual(['pricing-page-visit'])
    // No account fields read (accountFields: [], or an account outside the book): as before.
    expect(fired(PRICING, null)).toEqual([
      {
        rule: 'pricing-page-visit',
        severity: 'normal',
        body: 'Jo of Acme Corp is looking at the pricing page',
      },
    ])
  })

  it('a pricing visit in a trial: its own rule, with a higher severity', () => {
    expect(fired(PRICING, { Type: 'Trial', Renewal_Date__c: null })).toEqual([
      {
        rule: 'trial-pricing-visit',
        severity: 'high',
        body: 'Jo of Acme Corp is looking at the pricing page during the trial',
      },
    ])
  })

  it('a first load into an output: a win in a trial, the usual moment elsewhere', () => {
    expect(fired(LOAD, { Type: 'Trial' }).map((m) => m.rule)).toEqual(['trial-first-load'])
    expect(fired(LOAD, { Type: 'Trial' })[0]?.body).toBe(
      'Acme Corp loaded its first events to Snowflake during the trial (s1): a win to celebrate',
    )
    expect(fired(LOAD, customer('2027-01-01')).map((m) => m.rule)).toEqual(['events-loaded'])
    expect(fired(LOAD, null).map((m) => m.rule)).toEqual(['events-loaded'])
    const trialRule = RULES.find((r) => r.id === 'trial-first-load')
    expect(trialRule?.once).toEqual(['account_id', 'output_name'])
  })
})
