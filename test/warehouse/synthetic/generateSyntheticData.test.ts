import { describe, expect, it } from 'vitest'
import {
  DEMO_OWNER,
  generateEventWindow,
  generateSyntheticData,
  syntheticAccounts,
} from '../../../warehouse/synthetic/index.ts'
import { caseSafeSuffix } from '../../../warehouse/synthetic/salesforceId.ts'

const END = new Date('2025-03-14T12:00:00Z')
const OPTIONS = { seed: 42, accounts: 30, events: 5000, days: 7, end: END }

describe('generateSyntheticData', () => {
  const data = generateSyntheticData(OPTIONS)
  const events = [
    ...data.tables.webserver_events,
    ...data.tables.backend_logs,
    ...data.tables.website_events,
    ...data.tables.zabbix_alerts,
  ]

  it('gives the same rows for the same seed, and other rows for another seed', () => {
    expect(generateSyntheticData(OPTIONS)).toEqual(data)
    expect(generateSyntheticData({ ...OPTIONS, seed: 43 }).tables.webserver_events).not.toEqual(
      data.tables.webserver_events,
    )
  })

  it('fills every raw table, with about the requested number of events', () => {
    for (const [table, rows] of Object.entries(data.tables)) expect(rows.length, table).toBeGreaterThan(0)
    expect(events.length).toBeGreaterThanOrEqual(5000)
    expect(events.length).toBeLessThan(5010)
  })

  it('produces every kind of event the default rules look for', () => {
    const web = data.tables.webserver_events
    expect(
      web.some((r) => r.url === '/plumbing/inputs' && r.method === 'POST' && (r.status_code ?? 500) >= 400),
    ).toBe(true)
    expect(web.some((r) => r.url === '/plumbing/inputs' && r.status_code === 201)).toBe(true)
    expect(web.some((r) => r.url === '/transform/functions/run')).toBe(true)
    expect(web.some((r) => r.feature !== null)).toBe(true)
    expect(new Set(data.tables.backend_logs.map((r) => r.event_kind))).toEqual(
      new Set(['events_loaded', 'table_created']),
    )
    expect(new Set(data.tables.zabbix_alerts.map((r) => r.alert_type))).toEqual(
      new Set(['connection_interrupted', 'latency_detected']),
    )
    const pages = data.tables.website_events.map((r) => r.page_url)
    expect(pages.some((p) => p.startsWith('/pricing'))).toBe(true)
    expect(pages.some((p) => p.startsWith('/docs/'))).toBe(true)
  })

  it('gives every event a unique, source-prefixed id', () => {
    const ids = events.map((r) => r.event_id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(data.tables.webserver_events.every((r) => r.event_id.startsWith('ws-'))).toBe(true)
    expect(data.tables.backend_logs.every((r) => r.event_id.startsWith('be-'))).toBe(true)
    expect(data.tables.website_events.every((r) => r.event_id.startsWith('web-'))).toBe(true)
    expect(data.tables.zabbix_alerts.every((r) => r.event_id.startsWith('zbx-'))).toBe(true)
  })

  it('lands every row after it happened, within the period, mostly within minutes', () => {
    for (const r of events) {
      expect(r.loaded_at >= r.occurred_at).toBe(true)
      expect(r.loaded_at > data.from && r.loaded_at <= END).toBe(true)
    }
    const delays = events.map((r) => r.loaded_at.getTime() - r.occurred_at.getTime()).sort((a, b) => a - b)
    expect(delays[Math.floor(delays.length / 2)]).toBeLessThan(5 * 60_000)
    expect(delays.at(-1)).toBeGreaterThan(10 * 60_000)
  })

  it('follows office hours: the web app is busier at 10:00 than at 03:00 local time', () => {
    const byAccount = new Map(data.accounts.map((a) => [a.id, a]))
    const hours = new Array(24).fill(0)
    for (const r of data.tables.webserver_events) {
      const account = byAccount.get(r.account_id ?? '')
      if (!account) continue
      hours[new Date(r.occurred_at.getTime() + account.utcOffsetHours * 3_600_000).getUTCHours()]++
    }
    expect(hours[10]).toBeGreaterThan(hours[3] * 5)
  })

  it('fails some input additions, but far from all', () => {
    const adds = data.tables.webserver_events.filter(
      (r) => r.method === 'POST' && r.url === '/plumbing/inputs',
    )
    const failed = adds.filter((r) => r.status_code === null || r.status_code >= 400).length / adds.length
    expect(failed).toBeGreaterThan(0.05)
    expect(failed).toBeLessThan(0.4)
  })

  it('leaves a small share of rows without their account', () => {
    const web = data.tables.webserver_events
    const unmatched = web.filter((r) => r.account_id === null).length / web.length
    expect(unmatched).toBeGreaterThan(0)
    expect(unmatched).toBeLessThan(0.05)
    const none = generateSyntheticData({ ...OPTIONS, brokenFraction: 0 }).tables.webserver_events
    expect(none.every((r) => r.account_id !== null)).toBe(true)
  })
})

describe('syntheticAccounts', () => {
  const accounts = syntheticAccounts(42, 30)

  it('gives the demo owner 40% of the accounts, spread over the list', () => {
    const owned = accounts.filter((a) => a.ownerId === DEMO_OWNER.id)
    expect(owned).toHaveLength(12)
    expect(accounts.slice(0, 5).some((a) => a.ownerId === DEMO_OWNER.id)).toBe(true)
    expect(accounts.slice(0, 5).some((a) => a.ownerId !== DEMO_OWNER.id)).toBe(true)
  })

  it('uses valid 18-character Salesforce Account Ids and unique names', () => {
    for (const a of accounts) {
      expect(a.id).toMatch(/^001[A-Za-z0-9]{15}$/)
      expect(a.id.slice(15)).toBe(caseSafeSuffix(a.id.slice(0, 15)))
    }
    expect(DEMO_OWNER.id).toHaveLength(18)
    expect(new Set(accounts.map((a) => a.name)).size).toBe(30)
  })
})

describe('generateEventWindow', () => {
  const accounts = syntheticAccounts(42, 30)
  const from = new Date('2025-03-14T12:00:00Z')
  const to = new Date('2025-03-14T13:00:00Z')

  it('fills even a 30-second period with the rows that land in it', () => {
    const short = generateEventWindow({
      seed: 42,
      accounts,
      from,
      to: new Date(from.getTime() + 30_000),
      events: 20,
    })
    const landed = Object.values(short)
      .flat()
      .map((r) => (r as { loaded_at: Date }).loaded_at.getTime())
    expect(landed.length).toBeGreaterThanOrEqual(20)
    for (const t of landed) expect(t > from.getTime() && t <= from.getTime() + 30_000).toBe(true)
    expect(new Set(landed).size).toBeGreaterThan(15)
  })

  it('is deterministic for a period and gives ids of its own', () => {
    const once = generateEventWindow({ seed: 42, accounts, from, to, events: 50 })
    expect(generateEventWindow({ seed: 42, accounts, from, to, events: 50 })).toEqual(once)
    const next = generateEventWindow({
      seed: 42,
      accounts,
      from: to,
      to: new Date(to.getTime() + 3_600_000),
      events: 50,
    })
    const ids = new Set(
      Object.values(once).flatMap((rows) => rows.map((r: { event_id: string }) => r.event_id)),
    )
    for (const r of Object.values(next).flat())
      expect(ids.has((r as { event_id: string }).event_id)).toBe(false)
  })

  it('stamps late-committed rows with a loaded_at shortly before the period', () => {
    const late = generateEventWindow({ seed: 42, accounts, from, to, events: 200, lateCommitFraction: 0.2 })
    const stamped = Object.values(late)
      .flat()
      .map((r) => (r as { loaded_at: Date }).loaded_at)
    const before = stamped.filter((t) => t < from)
    expect(before.length).toBeGreaterThan(10)
    for (const t of before) expect(from.getTime() - t.getTime()).toBeLessThanOrEqual(90_000)
  })

  it('puts the highlights mostly at the demo owner accounts', () => {
    const live = generateEventWindow({ seed: 42, accounts, from, to, events: 200, mix: 'highlights' })
    const owned = new Set(accounts.filter((a) => a.ownerId === DEMO_OWNER.id).map((a) => a.id))
    const web = live.webserver_events.filter((r) => r.account_id)
    expect(web.filter((r) => owned.has(r.account_id as string)).length / web.length).toBeGreaterThan(0.6)
  })
})
