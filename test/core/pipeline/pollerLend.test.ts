// The desktop's rules preview borrows the poller's warehouse connection (the demo warehouse
// serves one session): one user at a time, and the same connection.
import type pg from 'pg'
import { describe, expect, it } from 'vitest'
import { createPoller } from '../../../main/core/pipeline/poller.ts'
import { memoryStore, silentLog, TEST_RULES } from '../../support/pipelineFixtures.ts'

function pollerWith(connect: () => Promise<pg.Client>) {
  return createPoller({
    store: memoryStore(),
    rules: TEST_RULES,
    ownership: null,
    connect,
    query: 'SELECT * FROM enriched_events',
    lookbackMs: 0,
    backfillMs: 0,
    warehouseKey: 'test',
    forwardTo: () => [],
    clock: () => 0,
    log: silentLog,
  })
}

describe('lending the poller connection', () => {
  it('lends the one connection to one borrower at a time', async () => {
    const client = { end: async () => {} } as unknown as pg.Client
    let connects = 0
    const poller = pollerWith(async () => {
      connects++
      return client
    })
    const first = await poller.lend()
    let secondLent = false
    const second = poller.lend().then((loan) => {
      secondLent = true
      return loan
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(secondLent).toBe(false)
    await first.release()
    const loan = await second
    expect(loan.client).toBe(client)
    expect(connects).toBe(1)
    await loan.release()
  })

  it('rejects the loan when the warehouse cannot be reached, and lends again afterwards', async () => {
    let attempt = 0
    const poller = pollerWith(async () => {
      attempt++
      if (attempt === 1) throw new Error('connection refused')
      return { end: async () => {} } as unknown as pg.Client
    })
    await expect(poller.lend()).rejects.toThrow('connection refused')
    const loan = await poller.lend()
    await loan.release()
  })
})
