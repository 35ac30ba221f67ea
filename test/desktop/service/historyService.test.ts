import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runBacktest } from '../../../main/core/backtest/backtest.ts'
import { loadRules } from '../../../main/core/rules/loadRules.ts'
import type { Store } from '../../../main/core/store/store.ts'
import { forwardStates } from '../../../main/desktop/service/forwardStates.ts'
import { createHistoryService } from '../../../main/desktop/service/historyService.ts'
import { LIST_BODY_CHARS } from '../../../main/desktop/service/momentViews.ts'
import { createMutesService } from '../../../main/desktop/service/mutesService.ts'
import { createRulesPreview } from '../../../main/desktop/service/rulesPreview.ts'
import { lastLocalDays, localDayKey } from '../../../main/desktop/service/timeline.ts'
import {
  DEFAULT_QUERY,
  type GeneratedWarehouse,
  generatedWarehouse,
  recordFromWarehouse,
  settleOutbox,
} from '../../support/generatedMoments.ts'
import { inspectableStore, stateDb } from '../../support/stateDb.ts'
import { testSource } from '../../support/testSource.ts'

const NOW = Date.now()
let warehouse: GeneratedWarehouse
let dir: string
let store: Store
let clock = NOW
const rules = loadRules({ kind: 'default' })
const history = () =>
  createHistoryService({
    store: () => store,
    clock: () => clock,
    ruleKeys: (id) => rules.find((r) => r.id === id) ?? null,
  })

beforeAll(async () => {
  warehouse = await generatedWarehouse({ events: 4_200, days: 7, end: new Date(NOW) })
  dir = mkdtempSync(join(tmpdir(), 'moments-history-service-'))
  store = inspectableStore(join(dir, 'moments.db'))
  await recordFromWarehouse(store, warehouse, { forwardTo: ['slack:#moments'], now: NOW })
  settleOutbox(store, 'slack:#moments', (id) => id.endsWith('0') || id.endsWith('1'), NOW)
})

afterAll(async () => {
  store?.close()
  await warehouse?.drop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the history service', () => {
  it('pages through the whole history by offset, newest first, with the total', () => {
    // The window's history is threads: a snoozed repeat is in its delivered moment's, not a row.
    const total = store.moments.count({ threads: true })
    expect(total).toBeLessThan(store.moments.count({}))
    const seen: string[] = []
    for (let offset = 0; offset < total; offset += 97) {
      const page = history().list({ filter: {}, offset, limit: 97 })
      expect(page.total).toBe(total)
      seen.push(...page.items.map((m) => m.id))
    }
    expect(seen).toEqual(store.moments.list({ threads: true }, { limit: total }).map((m) => m.id))
    expect(new Set(seen).size).toBe(total)
    const times = history()
      .list({ filter: {}, offset: 0, limit: 500 })
      .items.map((m) => m.occurredAt)
    expect(times).toEqual([...times].sort().reverse())
  })

  it('gives each delivered moment its repeats, and pages a thread newest first', () => {
    const page = history().list({ filter: {}, offset: 0, limit: 500 })
    const head = page.items.find((m) => m.repeats !== null)
    if (!head?.repeats) throw new Error('no thread in the first 500')
    const all = store.moments.list({ status: 'snoozed' }, { limit: 100_000 })
    const own = all.filter((m) => m.threadSeq === store.moments.get(head.id)?.seq)
    expect(head.repeats).toEqual({ count: own.length, lastAt: own[0]?.occurredAt })
    const thread = history().thread({ id: head.id, offset: 0, limit: 2 })
    expect(thread.total).toBe(own.length)
    expect(thread.items.map((m) => m.id)).toEqual(own.slice(0, 2).map((m) => m.id))
    expect(thread.items.every((m) => m.threadOf === head.id && m.status === 'snoozed')).toBe(true)
    expect(history().get(own[0]?.id as string)?.threadOf).toBe(head.id)
    expect(history().get(head.id)?.repeats?.count).toBe(own.length)
  })

  it('cuts long messages for the list and keeps them whole in the detail', () => {
    const long = store.moments.list({}, { limit: 10_000 }).find((m) => m.body.length > LIST_BODY_CHARS)
    for (const item of history().list({ filter: {}, offset: 0, limit: 500 }).items) {
      expect(item.body.length).toBeLessThanOrEqual(LIST_BODY_CHARS)
    }
    if (long) expect(history().get(long.id)?.body).toBe(long.body)
  })

  it('filters by status, Slack failures, digest ids and unread', () => {
    const failed = history().list({ filter: { status: 'failed' }, offset: 0, limit: 500 })
    expect(failed.total).toBe(store.moments.count({ forwardFailed: true, threads: true }))
    expect(failed.total).toBeGreaterThan(0)
    expect(failed.items.every((m) => m.forward === 'failed')).toBe(true)
    const sent = history()
      .list({ filter: { status: 'delivered' }, offset: 0, limit: 500 })
      .items.filter((m) => m.forward === 'sent')
    expect(sent.length).toBeGreaterThan(0)
    const snoozed = history().list({ filter: { status: 'snoozed' }, offset: 0, limit: 50 })
    expect(snoozed.items.every((m) => m.status === 'snoozed' && m.forward === 'none')).toBe(true)

    expect(snoozed.total).toBe(store.moments.count({ status: 'snoozed' }))
    expect(snoozed.items.some((m) => m.threadOf !== null)).toBe(true)

    const ids = store.moments.list({ threads: true }, { limit: 5, offset: 10 }).map((m) => m.id)
    const digest = history().list({ filter: { ids }, offset: 0, limit: 50 })
    expect(digest.items.map((m) => m.id)).toEqual(ids)
    expect(history().list({ filter: { ids: [] }, offset: 0, limit: 50 }).total).toBe(0)
  })

  it('explains a moment: every field, the rule, the snooze key with its names, the forward error', () => {
    const failed = store.moments.list({ forwardFailed: true }, { limit: 1 })[0]
    if (!failed) throw new Error('no failed forward')
    const detail = history().get(failed.id)
    expect(detail).toMatchObject({
      id: failed.id,
      event: failed.event,
      eventIds: failed.eventIds,
      forward: 'failed',
      forwardChannel: 'Slack',
      forwardError: expect.stringContaining('channel_not_found'),
      why: { ruleName: failed.ruleName, condition: failed.ruleWhen, snoozeMs: failed.snoozeMs, reason: null },
      mutes: { accountUntil: null, ruleUntil: null },
    })
    const keyed = store.moments.list({ ruleId: 'input-added' }, { limit: 1 })[0]
    if (keyed) expect(history().get(keyed.id)?.why.snoozedBy).toBe('account')
    const first = store.moments.list({ ruleId: 'first-feature-use' }, { limit: 1 })[0]
    if (first) {
      expect(history().get(first.id)?.why.onceBy).toBe(`account, feature “${first.event.feature as string}”`)
    }
    const snoozed = store.moments.list({ status: 'snoozed' }, { limit: 1 })[0]
    if (snoozed) expect(history().get(snoozed.id)?.why.reason).toBe('window')
    expect(history().get('no-such-moment')).toBeNull()
  })

  it('marks read, unread, and everything a filter matches read', () => {
    const [a, b] = store.moments.list({ unreadOnly: true }, { limit: 2 })
    if (!a || !b) throw new Error('nothing unread')
    expect(history().markRead([a.id, b.id])).toEqual({ updated: 2 })
    expect(history().markRead([a.id])).toEqual({ updated: 0 })
    expect(history().list({ filter: { ids: [a.id] }, offset: 0, limit: 1 }).items[0]?.read).toBe(true)
    expect(history().markRead([a.id], false)).toEqual({ updated: 1 })
    expect(store.moments.get(a.id)?.readAt).toBeNull()

    const rule = 'input-add-failed'
    const unread = store.moments.count({ ruleId: rule, unreadOnly: true })
    expect(history().markAllRead({ ruleId: rule })).toEqual({ updated: unread })
    expect(store.moments.count({ ruleId: rule, unreadOnly: true })).toBe(0)
    expect(store.moments.count({ unreadOnly: true })).toBeGreaterThan(0)
  })

  it('counts an account’s moments per local day and rule', () => {
    const account = store.moments.list({}, { limit: 1 })[0]?.accountId as string
    const { days, series } = history().timeline(account, 14)
    expect(days).toHaveLength(14)
    expect(days.at(-1)).toBe(localDayKey(clock))
    const start = lastLocalDays(clock, 14).startMs
    const expected = store.moments.count({ accountId: account, sinceMs: start })
    expect(series.flatMap((s) => s.counts).reduce((x, y) => x + y, 0)).toBe(expected)
    const totals = series.map((s) => s.counts.reduce((x, y) => x + y, 0))
    expect(totals).toEqual([...totals].sort((x, y) => y - x))
  })

  it('offers every account and rule of the history as filters', () => {
    const { accounts, rules: ruleOptions } = history().filterOptions()
    const ids = stateDb(store)
      .prepare<[], { id: string }>('SELECT DISTINCT account_id AS id FROM moments')
      .all()
    expect(accounts.map((a) => a.id).sort()).toEqual(ids.map((r) => r.id).sort())
    expect(ruleOptions.map((r) => r.id)).toEqual(expect.arrayContaining(['input-add-failed']))
  })
})

describe('mutes from the window', () => {
  it('snooze an account and mute a rule until now + the chosen time, listed by name', () => {
    const mutes = createMutesService({ store: () => store, clock: () => clock })
    const moment = store.moments.list({}, { limit: 1 })[0]
    if (!moment) throw new Error('no moment')
    expect(mutes.set({ kind: 'account', target: moment.accountId, forMs: 86_400_000 })).toEqual({
      until: new Date(clock + 86_400_000).toISOString(),
    })
    mutes.set({ kind: 'rule', target: moment.rule, forMs: 3_600_000 })
    expect(mutes.list()).toEqual([
      {
        kind: 'rule',
        target: moment.rule,
        label: expect.any(String),
        until: new Date(clock + 3_600_000).toISOString(),
      },
      {
        kind: 'account',
        target: moment.accountId,
        label: moment.accountName,
        until: new Date(clock + 86_400_000).toISOString(),
      },
    ])
    expect(history().get(moment.id)?.mutes.accountUntil).toBe(new Date(clock + 86_400_000).toISOString())
    clock += 2 * 3_600_000
    expect(mutes.list().map((m) => m.kind)).toEqual(['account'])
    mutes.clear({ kind: 'account', target: moment.accountId })
    expect(mutes.list()).toEqual([])
    clock = NOW
  })
})

describe('the rules preview', () => {
  const preview = () =>
    createRulesPreview({
      currentRules: () => ({ kind: 'default' }),
      clock: () => NOW,
      async openWarehouse() {
        return { source: testSource(warehouse.url, DEFAULT_QUERY), accounts: warehouse.owned }
      },
    })

  it('is the backtest of the period, and leaves the user’s store alone', async () => {
    const before = store.moments.count({})
    const since = NOW - 7 * 86_400_000
    const report = await preview()({ sinceMs: since })
    const source = testSource(warehouse.url, DEFAULT_QUERY)
    const [expected] = await runBacktest({
      source,
      ruleSets: [{ label: 'current', rules }],
      accounts: warehouse.owned,
      since: new Date(since),
      until: new Date(NOW),
    }).finally(() => source.close())
    expect(report.rules).toEqual(expected?.rules)
    expect(report.totals).toMatchObject({
      matches: expected?.totals.matches,
      delivered: expected?.totals.delivered,
    })
    expect(report).toMatchObject({
      compare: null,
      sinceMs: since,
      untilMs: NOW,
      accounts: warehouse.owned.length,
    })
    expect(store.moments.count({})).toBe(before)
  })

  it('runs one at a time and refuses a backwards or endless period', async () => {
    const run = preview()
    const first = run({ sinceMs: NOW - 86_400_000 })
    await expect(run({ sinceMs: NOW - 86_400_000 })).rejects.toThrow(/already running/)
    await first
    await expect(run({ sinceMs: NOW, untilMs: NOW - 1 })).rejects.toThrow(/end after it starts/)
    await expect(run({ sinceMs: NOW - 400 * 86_400_000 })).rejects.toThrow(/at most 92 days/)
  })
})

describe('the forward state of a moment, channel by channel', () => {
  it('shows the worst of its channels, named: a Teams failure is not hidden by a Slack success', () => {
    const rows = [
      { momentId: 'm1', channel: 'slack:#moments', status: 'sent' as const, lastError: null },
      { momentId: 'm1', channel: 'teams:webhook', status: 'failed' as const, lastError: 'HTTP 404' },
      { momentId: 'm2', channel: 'slack:webhook', status: 'pending' as const, lastError: null },
    ]
    const states = forwardStates(rows)
    expect(states.get('m1')).toEqual({ state: 'failed', error: 'HTTP 404', channel: 'Microsoft Teams' })
    expect(states.get('m2')).toEqual({ state: 'pending', error: null, channel: 'Slack' })
  })
})
