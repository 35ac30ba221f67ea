import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { lockDemoDataDir } from '../../../main/core/demo/demoDataDirLock.ts'
import type { DemoWarehouse } from '../../../main/core/demo/demoWarehouse.ts'
import { openDemoWarehouseInThread } from '../../../main/core/demo/demoWarehouseInThread.ts'
import { DEMO_OWNER } from '../../../warehouse/synthetic/index.ts'
import '../../support/providedContext.ts'

const NOW = new Date('2025-03-14T12:00:00Z')

async function count(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query('SELECT count(*)::int AS n FROM enriched_events')).rows[0].n
  } finally {
    await client.end()
  }
}

describe('the demo warehouse in a thread', () => {
  let root: string
  let dataDir: string
  let demo: DemoWarehouse
  const logged: string[] = []

  beforeAll(async () => {
    root = mkdtempSync(join(inject('pg').scratchDir, 'demo-thread-'))
    dataDir = join(root, 'demo-warehouse')
    demo = await openDemoWarehouseInThread({
      dataDir,
      now: NOW,
      log: {
        info: (_fields, message) => logged.push(message),
        warn: (_fields, message) => logged.push(message),
      },
    })
  })

  afterAll(async () => {
    await demo?.close()
    rmSync(root, { recursive: true, force: true })
  })

  it('serves the seeded week on its socket, with the built-in book, and passes its log lines on', async () => {
    expect(demo.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/)
    expect(demo.ownership.userId).toBe(DEMO_OWNER.id)
    expect(demo.ownership.accounts).toHaveLength(12)
    expect(await count(demo.url)).toBeGreaterThan(1000)
    expect(logged).toContain('demo warehouse created and seeded')
  })

  it('appends live events in the thread, and they are read through the socket', async () => {
    const before = await count(demo.url)
    let appended = 0
    // The live events of an hour (the generator's rhythm can leave a quiet minute empty).
    for (let minute = 1; minute <= 60 && appended === 0; minute++)
      appended += await demo.appendLiveEvents(new Date(NOW.getTime() + minute * 60_000))
    expect(appended).toBeGreaterThan(0)
    expect(await count(demo.url)).toBe(before + appended)
  })

  it("says the lock's own words when the directory is in use", async () => {
    const other = join(root, 'held')
    const unlock = lockDemoDataDir(other)
    try {
      await expect(openDemoWarehouseInThread({ dataDir: other, now: NOW })).rejects.toThrow(
        /in use by process \d+ \(this one\)/,
      )
    } finally {
      unlock()
    }
  })

  it('closes PostgreSQL and releases the directory, after which appends are refused', async () => {
    await demo.close()
    expect(existsSync(`${dataDir}.lock`)).toBe(false)
    await expect(demo.appendLiveEvents(NOW)).rejects.toThrow(/thread stopped/)
    await demo.close()
    // Cleanly shut down: the next open is a reopen, not a new seed.
    logged.length = 0
    demo = await openDemoWarehouseInThread({
      dataDir,
      now: new Date(NOW.getTime() + 3_600_000),
      log: {
        info: (_fields, message) => logged.push(message),
        warn: (_fields, message) => logged.push(message),
      },
    })
    expect(logged).toContain('demo warehouse reopened and topped up')
  })
})
