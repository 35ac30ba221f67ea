import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outboxSender } from '../../../main/core/channels/outboxSender.ts'
import { ownershipCache } from '../../../main/core/ownership/ownershipCache.ts'
import { createPoller } from '../../../main/core/pipeline/poller.ts'
import type { Store } from '../../../main/core/store/store.ts'
import { capturedLog } from '../../support/capturedLog.ts'
import { OWNED_ID, silentLog, TEST_RULES } from '../../support/pipelineFixtures.ts'
import { createTestDatabase, type TestDatabase } from '../../support/postgres.ts'
import { inspectableStore, stateDb } from '../../support/stateDb.ts'
import { testChannel } from '../../support/testChannel.ts'
import { testSource } from '../../support/testSource.ts'

// A full disk under the state file (SQLITE_FULL). A tiny file system needs root to mount, so the
// test sets SQLite's own ceiling instead: PRAGMA max_page_count on the connection Moments writes
// with, just above what the file holds. SQLite then fails a write exactly as on a full disk
// ("database or disk is full", SQLITE_FULL), the transaction rolls back, and the file stays as
// it was. Moments must say so plainly, lose nothing, and carry on once there is room again.

const NOW = Date.UTC(2026, 10, 26, 12, 0)
const EVENTS = 300

let db: TestDatabase
let client: pg.Client

beforeAll(async () => {
  db = await createTestDatabase('disk_full')
  client = new pg.Client({ connectionString: db.url })
  await client.connect()
  await client.query(
    `CREATE TABLE events AS SELECT 'ev-' || lpad(i::text, 4, '0') AS event_id,
       $1::timestamptz - (${EVENTS} - i) * interval '1 second' AS loaded_at,
       $1::timestamptz - (${EVENTS} - i) * interval '1 second' - interval '30 seconds' AS occurred_at,
       'webserver'::text AS source, 'failed'::text AS event_type, $2::text AS account_id,
       'Acme Corp'::text AS account_name, repeat('x', 2000) AS user_name
     FROM generate_series(1, ${EVENTS}) AS i`,
    [new Date(NOW - 60_000).toISOString(), OWNED_ID],
  )
})

afterAll(async () => {
  await client?.end()
  await db?.drop()
})

function pollerOn(store: Store) {
  const { log, messages } = capturedLog('warn')
  const poller = createPoller({
    store,
    rules: TEST_RULES,
    ownership: ownershipCache({
      store,
      source: {
        id: 'test',
        fetch: async () => ({ userId: 'u', accounts: [{ id: OWNED_ID, name: 'Acme', people: [] }] }),
      },
      refreshMs: 3_600_000,
      log: silentLog,
    }),
    source: testSource(db.url, 'SELECT * FROM events', {
      key: 'disk-full',
      statementTimeoutMs: 30_000,
      batchSize: 50,
    }),
    lookbackMs: 120_000,
    backfillMs: 86_400_000,
    forwardTo: ['slack:#moments'],
    clock: () => NOW,
    log,
  })
  return { poller, messages }
}

describe('a full disk under the state file', () => {
  it('fails the poll with a clear reason, keeps every committed batch, and catches up once there is room', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'moments-full-')), 'state.db')
    const store = inspectableStore(path)
    const { poller } = pollerOn(store)
    // Room for a few batches, not for all of them.
    const pages = stateDb(store).pragma('page_count', { simple: true }) as number
    stateDb(store).pragma(`max_page_count = ${pages + 200}`)

    const failure = await poller.poll().then(
      () => null,
      (error: Error) => error,
    )
    expect(failure?.message).toMatch(new RegExp(`state file ${path}: the disk is full`))
    expect(failure?.message).not.toMatch(/\n\s+at /)
    const partial = store.moments.count({})
    expect(partial).toBeGreaterThan(0)
    expect(partial).toBeLessThan(EVENTS)
    // Whole batches only: the moments are the first rows, and the cursor points right past them.
    const consistent = () => {
      const ids = store.moments.list({}, { limit: EVENTS }).map((m) => m.eventIds[0])
      expect(ids.sort()).toEqual(
        Array.from({ length: ids.length }, (_, i) => `ev-${String(i + 1).padStart(4, '0')}`),
      )
      expect(store.cursor.get('disk-full')?.eventId).toBe(ids.at(-1))
    }
    consistent()
    const queued = stateDb(store).prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }
    expect(queued.n).toBe(0) // the first poll's backfill forwards nothing

    // Still full: the next poll fails the same way (what pruning freed is used, whole batches only).
    await expect(poller.poll()).rejects.toThrow(/the disk is full/)
    expect(store.moments.count({})).toBeLessThan(EVENTS)
    consistent()
    // What doctor, the tray and the history header show (an update in place needs no new page).
    expect(store.sync.get().lastError).toMatch(/the disk is full.*nothing is lost/)

    // Room again: the rest comes in, each moment once.
    stateDb(store).pragma('max_page_count = 1073741823')
    const before = store.moments.count({})
    const report = await poller.poll()
    expect(report.delivered).toBe(EVENTS - before)
    expect(store.moments.count({})).toBe(EVENTS)
    expect(store.sync.get().lastError).toBeNull()
    await poller.close()
    store.close()
  })

  it('keeps a Slack forward queued when its "sent" mark cannot be written, and sends it again at most once', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'moments-full-')), 'state.db')
    const store = inspectableStore(path)
    // Two moments queued for Slack, recorded while there was room.
    const { poller } = pollerOn(store)
    await poller.poll()
    await client.query(
      `INSERT INTO events SELECT 'late-' || i, $1::timestamptz + i * interval '1 second', $1::timestamptz,
         'webserver', 'failed', $2, 'Acme Corp', 'Jo' FROM generate_series(1, 2) AS i`,
      [new Date(NOW - 50_000).toISOString(), OWNED_ID],
    )
    await poller.poll()
    await poller.close()
    expect(store.outbox.counts().pending).toBe(2)

    const posted: string[] = []
    const { log, messages } = capturedLog('warn')
    let clock = NOW
    // The disk fills while the first request is out: its "sent" mark fails as SQLite fails on a
    // full disk. (max_page_count can't stage this one: an update in place needs no new page.)
    const markSent = store.outbox.markSent
    let full = false
    store.outbox.markSent = (...args) => {
      if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
      markSent(...args)
    }
    const sender = outboxSender({
      store,
      channels: [
        testChannel({
          destination: 'slack:#moments',
          // A request takes up to 10 s: its lease lasts 40 s.
          timing: { paceMs: 0, maxAgeMs: 86_400_000, timeoutMs: 10_000, drainTimeoutMs: 30_000 },
          compose: async (moment) => moment.eventIds[0] as string,
          async send(text) {
            posted.push(text)
            if (posted.length === 1) full = true
            return { ref: '1.1' }
          },
        }),
      ],
      clock: () => clock,
      log,
    })
    const controller = new AbortController()
    const serving = sender.run(controller.signal)
    await waitUntil(() => messages().some((m) => /cannot read or write the state file/.test(m)))
    expect(store.outbox.counts()).toMatchObject({ pending: 2, sent: 0 })
    expect(posted).toEqual(['late-1'])
    // Room again, and the lease of the unmarked send run out: it goes again, then the next one.
    full = false
    clock += 41_000
    sender.wake()
    await waitUntil(() => store.outbox.counts().sent === 2)
    controller.abort()
    await serving
    expect(posted).toEqual(['late-1', 'late-1', 'late-2'])
    store.close()
  })
})

async function waitUntil(done: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now()
  while (!done()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
