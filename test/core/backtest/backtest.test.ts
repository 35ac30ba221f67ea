import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runBacktest } from '../../../main/core/backtest/backtest.ts'
import type { OwnedAccount } from '../../../main/core/ownership/ownedAccount.ts'
import { loadRules, parseRulesFile } from '../../../main/core/rules/loadRules.ts'
import { DEMO_OWNER, loadSyntheticData, type SyntheticData } from '../../../warehouse/synthetic/index.ts'
import { testSource } from '../../support/testSource.ts'
import { ENGINES, type WarehouseUnderTest } from '../../warehouse/warehouseUnderTest.ts'

const END = new Date('2026-11-20T12:00:00Z')
const DAY = 86_400_000

describe.each(ENGINES)('backtest on %s', (_, open) => {
  let warehouse: WarehouseUnderTest
  let data: SyntheticData
  let owned: OwnedAccount[]

  beforeAll(async () => {
    warehouse = await open('backtest')
    data = await loadSyntheticData(warehouse.client, {
      seed: 11,
      accounts: 12,
      events: 3_000,
      days: 10,
      end: END,
    })
    owned = data.accounts
      .filter((a) => a.ownerId === DEMO_OWNER.id)
      .map((a) => ({ id: a.id, name: a.name, people: [] }))
  })
  afterAll(async () => warehouse?.close())

  async function backtest(
    ruleSets = [{ label: 'default', rules: loadRules({ kind: 'default' }) }],
    warmupMs = 0,
  ) {
    const source = testSource(warehouse.url, 'SELECT * FROM enriched_events', { batchSize: 250 })
    try {
      return await runBacktest({
        source,
        ruleSets,
        accounts: owned,
        since: new Date(END.getTime() - 7 * DAY),
        until: END,
        warmupMs,
      })
    } finally {
      await source.close()
    }
  }

  it('accounts for every match of every rule: delivered, snoozed or suppressed by once', async () => {
    const [report] = await backtest()
    expect(report?.totals.rows).toBeGreaterThan(500)
    for (const rule of report?.rules ?? []) {
      expect(rule.delivered + rule.snoozed + rule.suppressed, rule.rule).toBe(rule.matches)
    }
    const failed = report?.rules.find((r) => r.rule === 'input-add-failed')
    expect(failed?.matches).toBeGreaterThan(0)
    expect(failed?.delivered).toBe(failed?.matches) // never snoozed: not a single one lost
    expect(report?.totals.delivered).toBeLessThan(report?.totals.matches ?? 0)
  })

  it('only replays owned accounts, and names the top ones', async () => {
    const [report] = await backtest()
    const ownedIds = new Set(owned.map((a) => a.id))
    for (const rule of report?.rules ?? []) {
      for (const top of rule.topAccounts) expect(ownedIds.has(top.accountId)).toBe(true)
    }
  })

  it('gives the same figures when run twice (its state is scratch, thrown away)', async () => {
    expect(await backtest()).toEqual(await backtest())
  })

  it('compares two rule sets from one read of the warehouse', async () => {
    const loud = parseRulesFile(
      'loud.yaml',
      `rules:
  - id: code-engine-test
    name: Tested code
    when: event.method == "POST" && event.url == "/transform/functions/run"
    message: m
`,
    )
    const [base, other] = await backtest([
      { label: 'default', rules: loadRules({ kind: 'default' }) },
      { label: 'loud', rules: loud },
    ])
    const snoozed = base?.rules.find((r) => r.rule === 'code-engine-test')
    const unsnoozed = other?.rules.find((r) => r.rule === 'code-engine-test')
    expect(unsnoozed?.matches).toBe(snoozed?.matches)
    expect(unsnoozed?.delivered).toBe(unsnoozed?.matches)
    expect(snoozed?.delivered).toBeLessThan(unsnoozed?.delivered ?? 0)
  })

  it('warms up on the history before the period, so old first uses are no longer "first"', async () => {
    const [cold] = await backtest(undefined, 0)
    const [warm] = await backtest(undefined, 3 * DAY)
    const first = (r: typeof cold) => r?.rules.find((x) => x.rule === 'first-feature-use')
    expect(first(warm)?.matches).toBe(first(cold)?.matches)
    expect(first(warm)?.delivered).toBeLessThan(first(cold)?.delivered ?? 0)
  })
})
