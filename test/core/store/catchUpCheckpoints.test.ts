import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Store } from '../../../main/core/store/store.ts'
import { threadMoment } from '../../support/pipelineFixtures.ts'
import { inspectableStore, stateDb } from '../../support/stateDb.ts'

// A catch-up commits a batch at a time; the WAL is copied into the state file every 40,000 pages
// instead of SQLite's 1,000, so a page that batch after batch rewrites reaches the file once.

const PAGE = 4096
let dir: string | null = null
let store: Store | null = null

afterEach(() => {
  store?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  store = null
  dir = null
})

function fileStore(): { store: Store; walPages: () => number } {
  dir = mkdtempSync(join(tmpdir(), 'moments-checkpoints-'))
  const path = join(dir, 'moments.db')
  store = inspectableStore(path)
  return { store, walPages: () => Math.floor(statSync(`${path}-wal`).size / PAGE) }
}

let next = 0
/** ~60 pages: thirty moments of a 7 KB body each, in one transaction (a batch's commit) */
function commitBatch(s: Store): void {
  s.transaction(() => {
    for (let i = 0; i < 30; i++) {
      const n = next++
      s.moments.insert(threadMoment(`m${n}`, n, `${n} `.repeat(3500 / String(n).length), null))
    }
  })
}

describe('WAL checkpoints in a catch-up', () => {
  it('keeps a catch-up of 2,400 pages in the WAL: no checkpoint every 1,000 pages', () => {
    const { store, walPages } = fileStore()
    const catchUp = store.catchingUp()
    for (let batch = 0; batch < 40; batch++) commitBatch(store)
    expect(walPages()).toBeGreaterThan(2_000)
    catchUp.end()
  })

  it('checkpoints every 1,000 pages outside a catch-up, as SQLite does', () => {
    const { store, walPages } = fileStore()
    for (let batch = 0; batch < 40; batch++) commitBatch(store)
    expect(walPages()).toBeLessThan(1_200)
  })

  it('after the catch-up, checkpoints what it left and gives the WAL file back to 4 MB', () => {
    const { store, walPages } = fileStore()
    const catchUp = store.catchingUp()
    for (let batch = 0; batch < 40; batch++) commitBatch(store)
    catchUp.end()
    // The next commit checkpoints the whole WAL; the one after starts it afresh, cut to 4 MB.
    commitBatch(store)
    commitBatch(store)
    expect(walPages()).toBeLessThanOrEqual(1_024)
    expect(stateDb(store).pragma('wal_autocheckpoint', { simple: true })).toBe(1_000)
  })

  it('does not cut the WAL file back to 4 MB at the checkpoints of a catch-up, only after it', () => {
    const { store } = fileStore()
    const limit = () => stateDb(store).pragma('journal_size_limit', { simple: true }) as number
    expect(limit()).toBe(4 * 1024 * 1024)
    const catchUp = store.catchingUp()
    // A WAL checkpointed at 40,000 pages keeps its size until the next checkpoint fills it again.
    expect(limit()).toBeGreaterThanOrEqual(40_000 * PAGE)
    commitBatch(store)
    catchUp.end()
    expect(limit()).toBe(4 * 1024 * 1024)
  })
})
