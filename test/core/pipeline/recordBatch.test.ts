import { describe, expect, it } from 'vitest'
import { recordBatch } from '../../../main/core/pipeline/recordBatch.ts'
import {
  batchContext,
  memoryStore,
  OTHER_ID,
  OWNED_ID,
  warehouseRow as row,
} from '../../support/pipelineFixtures.ts'
import { stateDb } from '../../support/stateDb.ts'

const HOUR = 60

describe('recording a batch of warehouse rows', () => {
  it('records a delivered moment and moves the cursor in the same transaction', () => {
    const store = memoryStore()
    const outcome = recordBatch([row('e1', 0)], batchContext(store))
    expect(outcome).toMatchObject({ rows: 1, matches: 1, delivered: 1, snoozed: 0 })
    const [moment] = store.moments.list({})
    expect(moment).toMatchObject({
      rule: 'code-engine-test',
      accountId: OWNED_ID,
      title: 'Tested code in the Code Engine — Acme Corp',
      body: 'Jo tested code in the Code Engine in account Acme Corp',
      status: 'delivered',
      folded: 0,
      eventIds: ['e1'],
      occurredAt: '2026-11-26T09:00:00.000Z',
    })
    expect(store.cursor.get('test-warehouse')).toEqual({
      loadedAt: '2026-11-26 09:00:00.000+00',
      loadedAtMs: Date.UTC(2026, 10, 26, 9),
      eventId: 'e1',
    })
  })

  it('never records the same event twice, whether re-read or repeated', () => {
    const store = memoryStore()
    recordBatch([row('e1', 0)], batchContext(store))
    const again = recordBatch([row('e1', 0), row('e1', 0)], batchContext(store))
    expect(again).toMatchObject({ matches: 0, delivered: 0, duplicates: 0 })
    expect(store.moments.count({})).toBe(1)
  })

  it('counts a different row that reuses an event_id as a duplicate and skips it', () => {
    const store = memoryStore()
    const outcome = recordBatch([row('e1', 0), row('e1', 5)], batchContext(store))
    expect(outcome.duplicates).toBe(1)
    expect(store.moments.count({})).toBe(1)
    expect(store.counters.list()).toContainEqual(
      expect.objectContaining({ kind: 'duplicate-event-id', count: 1 }),
    )
  })

  it('snoozes repeats within the window and folds them into the next delivered one', () => {
    const store = memoryStore()
    const outcome = recordBatch(
      [row('e1', 0), row('e2', 1 * HOUR), row('e3', 3 * HOUR), row('e4', 5 * HOUR), row('e5', 6 * HOUR)],
      batchContext(store),
    )
    expect(outcome).toMatchObject({ delivered: 2, snoozed: 3 })
    const byEvent = Object.fromEntries(store.moments.list({}).map((m) => [m.eventIds[0], m]))
    expect(byEvent.e1).toMatchObject({ status: 'delivered', folded: 0 })
    expect(byEvent.e2).toMatchObject({ status: 'snoozed', snoozeReason: 'window' })
    expect(byEvent.e3).toMatchObject({ status: 'snoozed' })
    expect(byEvent.e4).toMatchObject({ status: 'delivered', folded: 2 })
    expect(byEvent.e5).toMatchObject({ status: 'snoozed' })
  })

  it('handles events in occurred_at order within a poll, whatever their load order', () => {
    const store = memoryStore()
    const late = row('e-late', 10, { occurred_at: '2026-11-26 08:00:00+00' })
    recordBatch([row('e1', 0), late], batchContext(store))
    const byEvent = Object.fromEntries(store.moments.list({}).map((m) => [m.eventIds[0], m.status]))
    expect(byEvent).toEqual({ 'e-late': 'delivered', e1: 'snoozed' })
  })

  it('snoozes a late row that lies before a delivered moment (either side of the window)', () => {
    const store = memoryStore()
    recordBatch([row('e1', 0)], batchContext(store))
    recordBatch([row('e0', 10, { occurred_at: '2026-11-26 07:00:00+00' })], batchContext(store))
    expect(store.moments.list({}).map((m) => [m.eventIds[0], m.status])).toEqual([
      ['e1', 'delivered'],
      ['e0', 'snoozed'],
    ])
  })

  it('keeps snooze per account', () => {
    const store = memoryStore()
    const ctx = batchContext(store, { owned: null })
    const outcome = recordBatch([row('e1', 0), row('e2', 1, { account_id: OTHER_ID })], ctx)
    expect(outcome.delivered).toBe(2)
  })

  it('produces no moment at all for a repeated once key', () => {
    const store = memoryStore()
    const feature = (id: string, minute: number, name: string) =>
      row(id, minute, { event_type: 'feature_used', feature: name, method: 'GET' })
    const outcome = recordBatch(
      [feature('f1', 0, 'Flows'), feature('f2', 1, 'Flows'), feature('f3', 2, 'Data Apps')],
      batchContext(store),
    )
    expect(outcome).toMatchObject({ matches: 3, delivered: 2, suppressed: 1 })
    expect(store.moments.list({}).map((m) => m.eventIds[0])).toEqual(['f3', 'f1'])
  })

  it('skips and counts NULL accounts and accounts the user does not own', () => {
    const store = memoryStore()
    const outcome = recordBatch(
      [row('e1', 0, { account_id: null }), row('e2', 1, { account_id: OTHER_ID }), row('e3', 2)],
      batchContext(store),
    )
    expect(outcome.skipped).toEqual({ unmatched: 1, 'not-owned': 1 })
    expect(outcome.delivered).toBe(1)
  })

  it('skips rows that break the contract, counts each kind once, and processes the rest', () => {
    const store = memoryStore()
    const noted: string[] = []
    const ctx = batchContext(store, { note: (kind) => noted.push(kind) })
    const bad = [
      row('x', 0, { event_id: null }),
      row('y', 0, { occurred_at: 'yesterday' }),
      row('z', 0, { source: null }),
      row('w', 0, { account_id: 42 }),
    ]
    const outcome = recordBatch([...bad, row('e1', 1)], ctx)
    expect(outcome.skipped).toEqual({
      'missing-event-id': 1,
      'bad-occurred-at': 1,
      'missing-source': 1,
      'bad-account-id': 1,
    })
    expect(outcome.delivered).toBe(1)
    // Read again through the lookback: not counted twice.
    expect(recordBatch(bad, ctx).skipped).toEqual({})
    expect(store.counters.list().find((c) => c.kind === 'missing-event-id')?.count).toBe(1)
  })

  it('queues each delivered moment for Slack in the same transaction, and no snoozed one', () => {
    const store = memoryStore()
    recordBatch([row('e1', 0), row('e2', 1)], batchContext(store, { forwardTo: ['#team'] }))
    const queued = stateDb(store).prepare('SELECT moment_id, channel, status FROM outbox').all()
    expect(queued).toEqual([
      { moment_id: store.moments.list({ status: 'delivered' })[0]?.id, channel: '#team', status: 'pending' },
    ])
  })

  it('records nothing, not even the cursor, when the batch fails half-way', () => {
    const store = memoryStore()
    let calls = 0
    store.outbox.enqueue = () => {
      if (++calls === 2) throw new Error('disk full')
    }
    const ctx = batchContext(store, { forwardTo: ['#team'] })
    expect(() => recordBatch([row('e1', 0), row('e2', 5 * HOUR)], ctx)).toThrow('disk full')
    expect(store.moments.count({})).toBe(0)
    expect(store.cursor.get('test-warehouse')).toBeNull()
  })

  it('honours the user muting an account', () => {
    const store = memoryStore()
    const ctx = batchContext(store)
    store.mutes.set('account', OWNED_ID, ctx.now + 3_600_000)
    recordBatch([row('e1', 0)], ctx)
    expect(store.moments.list({})[0]).toMatchObject({ status: 'snoozed', snoozeReason: 'account-muted' })
  })
})
