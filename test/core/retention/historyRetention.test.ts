import { mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { historyRetention } from '../../../main/core/retention/historyRetention.ts'
import type { NewMoment } from '../../../main/core/store/moments.ts'
import type { Store } from '../../../main/core/store/store.ts'
import { silentLog } from '../../support/pipelineFixtures.ts'
import { inspectableStore, stateDb } from '../../support/stateDb.ts'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 11, 1, 12, 0)

function moment(i: number, ageDays: number, extra: Partial<NewMoment> = {}): NewMoment {
  const occurredAt = NOW - ageDays * DAY - i
  return {
    id: `m${i}`,
    ruleId: 'input-add-failed',
    ruleName: 'Failed input add',
    ruleWhen: 'true',
    accountId: '001000000000001AAA',
    accountName: 'Cobalt Games',
    severity: 'normal',
    title: `Failed input add ${i}`,
    body: `An input add failed on ${ageDays > 100 ? 'ancient' : 'recent'} stream ${'x'.repeat(2_000)}`,
    source: 'webserver',
    eventIds: [`e${i}`],
    event: { detail: 'y'.repeat(2_000) },
    account: null,
    occurredAt,
    loadedAt: occurredAt,
    recordedAt: occurredAt,
    status: 'snoozed',
    snoozeReason: null,
    snoozeKey: `k${i % 7}`,
    snoozeMs: 0,
    folded: 0,
    ...extra,
  }
}

function fill(store: Store, moments: NewMoment[]): void {
  store.transaction(() => {
    for (const m of moments) store.moments.insert(m)
  })
}

const retention = (store: Store, retentionMs = 180 * DAY) =>
  historyRetention({ store, retentionMs, clock: () => NOW, log: silentLog, batchSize: 100, budgetMs: 60_000 })

describe('retention', () => {
  it('forgets moments older than the retention, with their search entries and sent forwards', async () => {
    const store = inspectableStore()
    fill(store, [
      ...Array.from({ length: 250 }, (_, i) => moment(i, 200)),
      ...Array.from({ length: 50 }, (_, i) => moment(1_000 + i, 10)),
    ])
    store.outbox.enqueue('m0', 'slack:#moments', NOW)
    const sent = store.outbox.head('slack:#moments')
    store.outbox.markSent(sent?.id as number, NOW, '1.2')

    const pass = await retention(store).afterPoll()

    expect(pass).toMatchObject({ moments: 250, forwards: 1 })
    expect(store.moments.count({})).toBe(50)
    expect(store.moments.count({ search: 'ancient' })).toBe(0)
    expect(store.moments.count({ search: 'recent' })).toBe(50)
    expect(store.outbox.counts()).toEqual({ pending: 0, sent: 0, failed: 0 })
    // The index holds exactly what the table does (FTS5's own consistency check).
    expect(() =>
      stateDb(store)
        .prepare(`INSERT INTO moments_fts (moments_fts, rank) VALUES ('integrity-check', 1)`)
        .run(),
    ).not.toThrow()
  })

  it('keeps a moment whose forward is still pending, and a delivered one whose snooze is open', async () => {
    const store = inspectableStore()
    fill(store, [
      moment(1, 200),
      moment(2, 200, { status: 'delivered', snoozeMs: 365 * DAY }),
      moment(3, 200, { status: 'delivered', snoozeMs: DAY }),
    ])
    store.outbox.enqueue('m1', 'slack:#moments', NOW)
    await retention(store).afterPoll()
    expect(
      store.moments
        .list({}, { limit: 10 })
        .map((m) => m.id)
        .sort(),
    ).toEqual(['m1', 'm2'])
  })

  it('keeps everything at 0', async () => {
    const store = inspectableStore()
    fill(store, [moment(1, 2_000)])
    expect((await retention(store, 0).afterPoll()).moments).toBe(0)
    expect(store.moments.count({})).toBe(1)
  })

  it('gives the freed pages back, so the file shrinks', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'moments-retention-')), 'state.db')
    const store = inspectableStore(path)
    fill(
      store,
      Array.from({ length: 2_000 }, (_, i) => moment(i, i < 1_800 ? 200 : 10)),
    )
    const db = stateDb(store)
    db.pragma('wal_checkpoint(TRUNCATE)')
    const before = statSync(path).size
    const pass = await retention(store).afterPoll()
    db.pragma('wal_checkpoint(TRUNCATE)')
    expect(pass.moments).toBe(1_800)
    expect(pass.freedBytes).toBeGreaterThan(before / 2)
    expect(statSync(path).size).toBeLessThan(before / 2)
    store.close()
  })

  it('rewrites a file made before incremental vacuum once, then shrinks it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'moments-retention-')), 'state.db')
    const store = inspectableStore(path)
    const db = stateDb(store)
    // As every state file made before retention: no auto-vacuum.
    db.pragma('auto_vacuum = NONE')
    db.exec('VACUUM')
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(0)
    fill(
      store,
      Array.from({ length: 1_000 }, (_, i) => moment(i, 200)),
    )
    db.pragma('wal_checkpoint(TRUNCATE)')
    const before = statSync(path).size
    await retention(store).afterPoll()
    db.pragma('wal_checkpoint(TRUNCATE)')
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2)
    expect(statSync(path).size).toBeLessThan(before / 4)
    store.close()
  })

  it('prunes a large backlog a budget at a time, each batch sized to the time left', async () => {
    const store = inspectableStore()
    fill(
      store,
      Array.from({ length: 1_000 }, (_, i) => moment(i, 200)),
    )
    // Time as the work makes it: each moment forgotten costs 1 ms, whatever the batch.
    const clock = () => NOW + (1_000 - store.moments.count({}))
    const pruner = historyRetention({
      store,
      retentionMs: 180 * DAY,
      clock,
      log: silentLog,
      batchSize: 100,
      budgetMs: 25,
    })
    // A batch of 100 would take 100 ms: the pass starts small, then fits the rest into its budget.
    const first = await pruner.afterPoll()
    expect(first.moments).toBeGreaterThan(0)
    expect(first.moments).toBeLessThanOrEqual(25)
    // What it learnt carries over: the next pass sizes its first batch on the cost seen, half of
    // the pruning's share of the budget (15 ms), then half of what is left.
    expect((await pruner.afterPoll()).moments).toBe(7)
    let passes = 2
    while ((await pruner.afterPoll()).moments > 0) passes++
    expect(store.moments.count({})).toBe(0)
    expect(passes).toBeLessThanOrEqual(Math.ceil(1_000 / 7) + 2)
  })

  it('keeps to its budget when the cost of a moment changes from batch to batch', async () => {
    const store = inspectableStore()
    fill(
      store,
      Array.from({ length: 2_000 }, (_, i) => moment(i, 200)),
    )
    // Every other batch is eight times dearer per moment (pages the indexes touch, the commit, the
    // machine's load): a pass sized on the cheap batch before must still end inside its budget.
    let elapsed = 0
    let batches = 0
    const prune = store.retention.pruneBatch
    store.retention.pruneBatch = (before, now, limit) => {
      const batch = prune(before, now, limit)
      elapsed += batch.moments * (batches++ % 2 === 0 ? 0.25 : 2)
      return batch
    }
    const pruner = historyRetention({
      store,
      retentionMs: 180 * DAY,
      clock: () => NOW + elapsed,
      log: silentLog,
      batchSize: 500,
      budgetMs: 100,
    })
    const longest = { ms: 0 }
    for (let pass = 0; pass < 1_000; pass++) {
      const started = elapsed
      const { moments } = await pruner.afterPoll()
      longest.ms = Math.max(longest.ms, elapsed - started)
      if (moments === 0) break
    }
    expect(store.moments.count({})).toBe(0)
    expect(longest.ms).toBeLessThanOrEqual(100)
  })
})
