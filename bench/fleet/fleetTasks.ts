import { parseContractTimestamp } from '../../main/core/warehouse/contractTimestamp.ts'
import { transactionCursor } from '../../main/core/warehouse/wire/transactionCursor.ts'
import type { WireSession } from '../../main/core/warehouse/wire/wireSession.ts'
import { errorMessage } from '../../shared/errorMessage.ts'
import { createRandom } from '../../warehouse/synthetic/random.ts'
import { benchSession, pollStatement } from '../benchSession.ts'
import { DEFAULT_QUERY } from '../laptop.ts'

export interface FleetArgs {
  url: string
  /** Owned account ids, one book per laptop */
  books: string[][]
  pollIntervalMs: number
  lookbackMs: number
  /** Each laptop's first poll (bringing it to the head) is not measured */
  measureMs: number
  poolSize: number
  /** Every laptop's cursor at the start: the warehouse's newest row */
  start: { loadedAt: string; eventId: string }
}

export interface FleetRun {
  laptops: number
  pollMs: number[]
  rows: number
  failures: number
}

export async function fleet(args: FleetArgs): Promise<FleetRun> {
  const pool = await connectionPool(args.url, args.poolSize)
  const random = createRandom(args.books.length)
  const pollMs: number[] = []
  let rows = 0
  let failures = 0
  const started = performance.now()
  const measureFrom = started + args.pollIntervalMs
  const stopAt = measureFrom + args.measureMs
  const laptops = args.books.map(async (book) => {
    let cursor = { ...args.start, loadedAtMs: parseContractTimestamp(args.start.loadedAt) as number }
    // Laptops start at random moments, like people opening them through the morning.
    await sleep(random.next() * args.pollIntervalMs)
    while (performance.now() < stopAt) {
      const t0 = performance.now()
      try {
        const client = await pool.acquire()
        try {
          const query = pollStatement(
            DEFAULT_QUERY,
            { loadedAt: new Date(cursor.loadedAtMs - args.lookbackMs).toISOString(), eventId: '' },
            book,
          )
          for await (const batch of transactionCursor(client, query, 2_000)) {
            const last = batch.at(-1) as { loaded_at: string; event_id: string }
            if (t0 >= measureFrom) rows += batch.length
            const loadedAtMs = parseContractTimestamp(last.loaded_at) as number
            if (loadedAtMs > cursor.loadedAtMs)
              cursor = { loadedAt: last.loaded_at, eventId: last.event_id, loadedAtMs }
          }
        } finally {
          pool.release(client)
        }
        if (t0 >= measureFrom) pollMs.push(performance.now() - t0)
      } catch (error) {
        failures++
        if (failures === 1) console.error(`fleet poll failed: ${errorMessage(error)}`)
      }
      // As runLoop: the next poll one interval after this one ended.
      await sleep(args.pollIntervalMs)
    }
  })
  await Promise.all(laptops)
  await pool.close()
  return { laptops: args.books.length, pollMs, rows, failures }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

async function connectionPool(url: string, size: number) {
  const idle: WireSession[] = []
  const waiting: ((client: WireSession) => void)[] = []
  for (let i = 0; i < size; i++) idle.push(await benchSession(url, 60_000))
  const all = [...idle]
  return {
    acquire(): Promise<WireSession> {
      const client = idle.pop()
      if (client) return Promise.resolve(client)
      return new Promise((resolve) => waiting.push(resolve))
    },
    release(client: WireSession): void {
      const next = waiting.shift()
      if (next) next(client)
      else idle.push(client)
    },
    async close(): Promise<void> {
      await Promise.all(all.map((c) => c.end().catch(() => {})))
    },
  }
}
