import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  appendSyntheticEvents,
  installContractBreakingRows,
  loadSyntheticData,
} from '../../../warehouse/synthetic/index.ts'
import { ENGINES, type WarehouseUnderTest } from '../warehouseUnderTest.ts'

const END = new Date('2025-03-14T12:00:00Z')
const SEED = 11
const ACCOUNTS = 20

const EVENT_TYPES = {
  webserver: ['add_input', 'code_engine_run', 'feature_used', 'request'],
  backend: ['events_loaded', 'table_created'],
  website: ['page_view'],
  monitoring: ['connection_interrupted', 'latency_detected'],
}

describe.each(ENGINES)('loading synthetic data into %s', (_engine, open) => {
  let warehouse: WarehouseUnderTest
  const query = async (sql: string, params: unknown[] = []) =>
    (await warehouse.client.query(sql, params)).rows

  beforeAll(async () => {
    warehouse = await open('synthetic_load')
    await loadSyntheticData(warehouse.client, {
      seed: SEED,
      accounts: ACCOUNTS,
      events: 3000,
      days: 7,
      end: END,
    })
  })

  afterAll(async () => {
    await warehouse?.close()
  })

  it('shows every source and event type through enriched_events', async () => {
    const rows = await query('SELECT DISTINCT source, event_type FROM enriched_events')
    const seen: Record<string, string[]> = {}
    for (const r of rows) {
      const types = seen[r.source] ?? []
      types.push(r.event_type)
      seen[r.source] = types
    }
    for (const types of Object.values(seen)) types.sort()
    expect(seen).toEqual(EVENT_TYPES)
  })

  it('gives each enriched event a unique id', async () => {
    const [counts] = await query(
      'SELECT COUNT(*)::int AS n, COUNT(DISTINCT event_id)::int AS ids FROM enriched_events',
    )
    expect(counts.ids).toBe(counts.n)
    expect(counts.n).toBeGreaterThanOrEqual(3000)
  })

  it('lists documentation pages on some failed input additions', async () => {
    const [row] = await query(
      `SELECT COUNT(*)::int AS n FROM enriched_events WHERE event_type = 'add_input' AND NOT is_response_ok AND pages_visited LIKE 'Docs: %'`,
    )
    expect(row.n).toBeGreaterThan(0)
  })

  it('appends a later period deterministically, and a repeated append adds nothing', async () => {
    const period = {
      seed: SEED,
      accounts: ACCOUNTS,
      from: END,
      to: new Date(END.getTime() + 3_600_000),
      events: 40,
    }
    const before = await query('SELECT COUNT(*)::int AS n FROM enriched_events')
    const added = await appendSyntheticEvents(warehouse.client, period)
    expect(added).toBeGreaterThanOrEqual(40)
    const after = await query('SELECT COUNT(*)::int AS n FROM enriched_events')
    expect(after[0].n - before[0].n).toBe(added)
    expect(await appendSyntheticEvents(warehouse.client, period)).toBe(0)
    const [latest] = await query('SELECT MAX(loaded_at) AS t FROM enriched_events')
    expect(latest.t.getTime()).toBeLessThanOrEqual(period.to.getTime())
  })

  it('installs contract-breaking rows beside the view, for poll queries to be pointed at', async () => {
    const loadedAt = new Date(END.getTime() + 7_200_000)
    const views = await installContractBreakingRows(warehouse.client, loadedAt)
    const bad = await query(
      `SELECT event_id, occurred_at FROM ${views.withBreakingRows} WHERE loaded_at = $1`,
      [loadedAt],
    )
    expect(bad.length).toBe(9)
    expect(bad.filter((r) => r.event_id === null)).toHaveLength(1)
    const wrong = await query(
      `SELECT occurred_at FROM ${views.withWrongTypes} WHERE event_id = 'bad-occurred-at-not-a-date'`,
    )
    expect(wrong).toEqual([{ occurred_at: 'yesterday-ish' }])
  })
})
