import { describe, expect, it } from 'vitest'
import type { NewMoment } from '../../../main/core/store/moments.ts'
import { memoryStore } from '../../support/pipelineFixtures.ts'

// A frequent word is read by walking the moments newest first, a rare one by sorting its matches
// (store/searchPlan.ts): either way a page and a total are exactly what the filter says.

const ACCOUNTS = ['001000000000001AAA', '001000000000002AAA', '001000000000003AAA']

function moment(i: number): NewMoment {
  // occurred_at is not in insertion order, as after a catch-up or a late row
  const occurredAt = Date.UTC(2026, 10, 1) + ((i * 7_919) % 3_000) * 60_000
  const words = [i % 2 === 0 ? 'frequent' : 'other', i % 600 === 0 ? 'rare' : 'plain'].join(' ')
  return {
    id: `m${i}`,
    ruleId: i % 3 === 0 ? 'code-engine-test' : 'input-add-failed',
    ruleName: 'Rule',
    ruleWhen: 'true',
    accountId: ACCOUNTS[i % 3] as string,
    accountName: `Account ${i % 3}`,
    severity: 'normal',
    title: `Moment ${i}`,
    body: `A ${words} body`,
    source: 'webserver',
    eventIds: [`e${i}`],
    event: {},
    account: null,
    occurredAt,
    loadedAt: occurredAt,
    recordedAt: occurredAt,
    status: i % 5 === 0 ? 'snoozed' : 'delivered',
    snoozeReason: null,
    snoozeKey: 'k',
    snoozeMs: 0,
    folded: 0,
  }
}

describe('history search over many moments', () => {
  const store = memoryStore()
  const all = Array.from({ length: 3_000 }, (_, i) => moment(i))
  store.transaction(() => {
    for (const m of all) store.moments.insert(m)
  })
  const seqOf = new Map(all.map((m, i) => [m.id, i + 1]))
  const newestFirst = (ms: NewMoment[]) =>
    [...ms].sort(
      (a, b) => b.occurredAt - a.occurredAt || (seqOf.get(b.id) as number) - (seqOf.get(a.id) as number),
    )

  it.each([
    ['frequent', (m: NewMoment) => m.body.includes('frequent')],
    ['rare', (m: NewMoment) => m.body.includes('rare')],
    ['frequent rare', (m: NewMoment) => m.body.includes('frequent') && m.body.includes('rare')],
    ['nothing', () => false],
  ])('"%s": pages in order and the total', (search, matches) => {
    const expected = newestFirst(all.filter(matches)).map((m) => m.id)
    expect(store.moments.count({ search })).toBe(expected.length)
    expect(store.moments.list({ search }, { limit: 50 }).map((m) => m.id)).toEqual(expected.slice(0, 50))
    expect(store.moments.list({ search }, { limit: 50, offset: 120 }).map((m) => m.id)).toEqual(
      expected.slice(120, 170),
    )
  })

  it('a frequent word with other filters: account, status, time range', () => {
    const since = Date.UTC(2026, 10, 1) + 1_000 * 60_000
    const cases = [
      [{ search: 'frequent', accountId: ACCOUNTS[1] }, (m: NewMoment) => m.accountId === ACCOUNTS[1]],
      [{ search: 'frequent', status: 'snoozed' as const }, (m: NewMoment) => m.status === 'snoozed'],
      [{ search: 'frequent', sinceMs: since }, (m: NewMoment) => m.occurredAt >= since],
    ] as const
    for (const [query, keep] of cases) {
      const expected = newestFirst(all.filter((m) => m.body.includes('frequent') && keep(m))).map((m) => m.id)
      expect(store.moments.count(query)).toBe(expected.length)
      expect(store.moments.list(query, { limit: 30 }).map((m) => m.id)).toEqual(expected.slice(0, 30))
    }
  })
})
