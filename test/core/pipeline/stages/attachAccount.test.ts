import { describe, expect, it } from 'vitest'
import { accountLookup } from '../../../../main/core/pipeline/accountLookup.ts'
import { recordBatch } from '../../../../main/core/pipeline/recordBatch.ts'
import { attachAccount } from '../../../../main/core/pipeline/stages/attachAccount.ts'
import { parseRulesFile } from '../../../../main/core/rules/loadRules.ts'
import {
  batchContext,
  memoryStore,
  OTHER_ID,
  OWNED_ID,
  warehouseRow,
} from '../../../support/pipelineFixtures.ts'
import { checked, outcome } from './stageFixtures.ts'

const book = accountLookup({
  userId: '005000000000001AAA',
  accounts: [
    {
      id: OWNED_ID,
      name: 'Acme Corp',
      people: [],
      fields: { Type: 'Trial', Renewal_Date__c: '2026-12-01' },
    },
  ],
  accountFields: [
    { path: 'Type', label: 'Account Type', type: 'picklist' },
    { path: 'Renewal_Date__c', label: 'Renewal Date', type: 'date' },
  ],
})

const TRIAL_RULE = parseRulesFile(
  'rules.yaml',
  `rules:
  - id: trial-code
    name: Code tested in a trial
    when: event.method == "POST" && account.Type == "Trial"
    message: "{{account_name}} ({{account.Type}}) tested code"
`,
)

describe('the account-fields lookup', () => {
  it("gives each event its account's fields, typed for the rules; none to an account not in the book", () => {
    const rows = attachAccount(
      [checked('e1', 0), checked('e2', 1, { account_id: OTHER_ID })],
      batchContext(memoryStore(), { accounts: book }),
      outcome(),
    )
    expect(rows[0]?.account?.values).toEqual({ Type: 'Trial', Renewal_Date__c: '2026-12-01' })
    expect(rows[0]?.account?.cel.Renewal_Date__c).toEqual(new Date('2026-12-01T00:00:00Z'))
    expect(rows[1]?.account).toBeNull()
  })

  it('finds the account under the 15-character Id a warehouse may hold', () => {
    const [row] = attachAccount(
      [checked('e1', 0, { account_id: OWNED_ID.slice(0, 15) })],
      batchContext(memoryStore(), { accounts: book }),
      outcome(),
    )
    expect(row?.account?.values.Type).toBe('Trial')
  })

  it('records with each moment the account fields its rule was judged on', () => {
    const store = memoryStore()
    const result = recordBatch(
      [warehouseRow('e1', 0), warehouseRow('e2', 1, { account_id: OTHER_ID })],
      batchContext(store, { rules: TRIAL_RULE, owned: null, accounts: book }),
    )
    // The other account has no fields: its rule errors (no such key), counted, no moment.
    expect(result.ruleErrors).toBe(1)
    expect(store.moments.list({}).map((m) => [m.accountId, m.body, m.account])).toEqual([
      [OWNED_ID, 'Acme Corp (Trial) tested code', { Type: 'Trial', Renewal_Date__c: '2026-12-01' }],
    ])
  })
})
