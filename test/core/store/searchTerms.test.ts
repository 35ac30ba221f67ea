import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { historyWhere } from '../../../main/core/store/historyQuery.ts'
import { MIGRATIONS } from '../../../main/core/store/migrations.ts'
import type { NewMoment } from '../../../main/core/store/moments.ts'
import { openStore } from '../../../main/core/store/openStore.ts'
import { searchPlan } from '../../../main/core/store/searchPlan.ts'
import { searchTerms } from '../../../main/core/store/searchTerms.ts'
import { createStore } from '../../../main/core/store/store.ts'

// A typed word is looked up as the index terms it begins (store/searchTerms.ts): the same moments
// as FTS5's own prefix query, and a frequent word's page tests walked moments one by one.

function moment(i: number, body: string, accountName = 'Acme Ltd'): NewMoment {
  const at = Date.UTC(2026, 10, 1) + ((i * 7_919) % 20_000) * 60_000
  return {
    id: `m${i}`,
    ruleId: 'r',
    ruleName: 'Rule',
    ruleWhen: 'true',
    accountId: 'a',
    accountName,
    severity: 'normal',
    title: `Moment ${i}`,
    body,
    source: 's',
    eventIds: [`e${i}`],
    event: {},
    account: null,
    occurredAt: at,
    loadedAt: at,
    recordedAt: at,
    status: 'delivered',
    snoozeReason: null,
    snoozeKey: 'k',
    snoozeMs: 0,
    folded: 0,
  }
}

const BODIES = [
  'Account created',
  'accounts merged',
  'Accounting export failed',
  'Café opened',
  'cafeteria closed',
  'say "hi" -now NEAR*',
  'nothing here',
]

describe('a typed word as the terms it begins', () => {
  const db = openStore(':memory:')
  const store = createStore(db)
  store.transaction(() => {
    BODIES.forEach((body, i) => {
      store.moments.insert(moment(i, body))
    })
  })
  const found = (search: string) =>
    store.moments
      .list({ search }, { limit: 50 })
      .map((m) => m.body)
      .sort()

  it('finds every moment a word begins a word of, whatever the case', () => {
    expect(found('ACCOUNT')).toEqual(['Account created', 'Accounting export failed', 'accounts merged'])
    expect(found('accounts')).toEqual(['accounts merged'])
    expect(found('acc merged')).toEqual(['accounts merged'])
    expect(found('zzz')).toEqual([])
  })

  it('resolves a word to exact terms, and leaves others to the prefix query', () => {
    const terms = searchTerms(db)
    expect(terms.resolve('Account')).toEqual({
      expression: '("account" OR "accounting" OR "accounts")',
      exact: true,
    })
    expect(terms.resolve('created')).toEqual({ expression: '"created"', exact: true })
    // Not ASCII: the tokenizer folds it, FTS5's own prefix query does the same.
    expect(terms.resolve('café')).toEqual({ expression: '"café"*', exact: false })
    expect(terms.resolve('  ')).toBeNull()
  })

  it('still reads accents, quotes and operators as text', () => {
    expect(found('café')).toEqual(['Café opened', 'cafeteria closed'])
    expect(found('"hi"')).toEqual(['say "hi" -now NEAR*'])
    expect(found('-now')).toEqual(['say "hi" -now NEAR*'])
    expect(found('NEAR*')).toEqual(['say "hi" -now NEAR*'])
  })

  it('keeps a word that begins too many terms as one prefix term', () => {
    store.transaction(() => {
      for (let i = 0; i < 20; i++) store.moments.insert(moment(100 + i, `zeta${i}x`))
    })
    expect(searchTerms(db).resolve('zeta')).toEqual({ expression: '"zeta"*', exact: false })
    expect(found('zeta')).toHaveLength(20)
  })
})

describe('a frequent word is walked, each moment tested in the index', () => {
  const db = openStore(':memory:')
  const store = createStore(db)
  const all = Array.from({ length: 20_000 }, (_, i) =>
    moment(i, i % 2 === 0 ? 'frequent word' : i % 500 === 1 ? 'rare word' : 'plain word'),
  )
  store.transaction(() => {
    for (const m of all) store.moments.insert(m)
  })
  const plan = searchPlan(db)
  const terms = searchTerms(db)

  it('walks testing for a frequent exact word, sorts a rare one, and reads the set for a prefix term', () => {
    expect(plan.page({ search: 'frequent' }, terms.resolve('frequent'), 10)).toBe('walk-testing')
    expect(plan.page({ search: 'rare' }, terms.resolve('rare'), 10)).toBe('sort')
    expect(plan.page({ search: 'frequent' }, { expression: '"frequent"*', exact: false }, 10)).toBe('walk')
  })

  it('tests each walked moment by rowid: no list of every match is built', () => {
    const query = { search: 'frequent' }
    const where = historyWhere(query, { walking: true, testing: true, match: terms.resolve('frequent') })
    const steps = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT m.* FROM moments m INDEXED BY moments_by_occurred_at ${where.sql}
         ORDER BY m.occurred_at DESC, m.seq DESC LIMIT 10`,
      )
      .all(where.params) as { detail: string }[]
    const plan = steps.map((s) => s.detail).join('\n')
    expect(plan).toContain('SCAN m USING INDEX moments_by_occurred_at')
    expect(plan).not.toMatch(/LIST SUBQUERY|TEMP B-TREE/)
    expect(plan).toMatch(/CORRELATED SCALAR SUBQUERY|EXISTS/)
  })

  it('pages as the sorted plan would', () => {
    const expected = all
      .map((m, i) => ({ m, seq: i + 1 }))
      .filter(({ m }) => m.body.startsWith('frequent'))
      .sort((a, b) => b.m.occurredAt - a.m.occurredAt || b.seq - a.seq)
      .map(({ m }) => m.id)
    expect(store.moments.list({ search: 'frequent' }, { limit: 10 }).map((m) => m.id)).toEqual(
      expected.slice(0, 10),
    )
    expect(store.moments.list({ search: 'frequent' }, { limit: 10, offset: 30 }).map((m) => m.id)).toEqual(
      expected.slice(30, 40),
    )
    expect(store.moments.countUpTo({ search: 'frequent' }, 1_000)).toEqual({ count: 1_000, more: true })
    expect(store.moments.count({ search: 'frequent' })).toBe(10_000)
  })
})

describe('migration 9', () => {
  it('gives a state file of schema 8 the index vocabulary, its moments found by a word they begin with', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'moments-migrate-')), 'state.db')
    const raw = new Database(path)
    for (const migration of MIGRATIONS.slice(0, 8)) raw.exec(migration)
    raw.pragma('user_version = 8')
    const seq = raw
      .prepare(
        `INSERT INTO moments (id, rule_id, rule_name, rule_when, account_id, account_name, severity, title, body,
           source, event_ids, event, occurred_at, loaded_at, recorded_at, status, snooze_key, snooze_ms)
         VALUES ('m1', 'r', 'R', 'true', 'a', 'Acme', 'normal', 'Invoice overdue', 'b', 's', '[]', '{}', 1, 1, 1,
           'delivered', 'k', 0)`,
      )
      .run().lastInsertRowid
    raw
      .prepare(
        `INSERT INTO moments_fts (rowid, title, body, account_name) VALUES (?, 'Invoice overdue', 'b', 'Acme')`,
      )
      .run(seq)
    raw.close()
    const store = createStore(openStore(path))
    expect(store.moments.list({ search: 'invo' }, { limit: 5 }).map((m) => m.id)).toEqual(['m1'])
    expect(searchTerms(openStore(path, { readonly: true })).resolve('invo')).toEqual({
      expression: '("invo" OR "invoice")',
      exact: true,
    })
  })
})
