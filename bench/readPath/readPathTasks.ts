// Child task of the read-path figure: each strategy reads the same catch-up and the same head poll
// on one session, taking turns, with nothing else done with the rows.
import { benchSession } from '../benchSession.ts'
import { DEFAULT_QUERY } from '../laptop.ts'
import { readAll, type Strategy } from './readStrategies.ts'

export interface ReadPathArgs {
  catchUp: { url: string; accountIds: string[]; from: string }
  head: { url: string; accountIds: string[]; from: string }
  variants: { name: string; strategy: Strategy; batchSize: number }[]
  runs: number
  headPolls: number
  budgetMs: number
}

export interface ReadPathResult {
  catchUp: Record<string, { rows: number; seconds: number; complete: boolean }[]>
  headMs: Record<string, number[]>
  headRows: number
}

export async function readPath(args: ReadPathArgs): Promise<ReadPathResult> {
  const result: ReadPathResult = { catchUp: {}, headMs: {}, headRows: 0 }
  for (const v of args.variants) {
    result.catchUp[v.name] = []
    result.headMs[v.name] = []
  }
  const catchUp = await benchSession(args.catchUp.url)
  try {
    // Untimed, once: the first reader would otherwise pay for the cache alone.
    await readAll(catchUp, 'cursor', {
      query: DEFAULT_QUERY,
      window: { loadedAt: args.catchUp.from, eventId: '' },
      accountIds: args.catchUp.accountIds,
      batchSize: 2_000,
      budgetMs: args.budgetMs,
    })
    for (let run = 0; run < args.runs; run++) {
      for (const v of args.variants) {
        const t0 = performance.now()
        const read = await readAll(catchUp, v.strategy, {
          query: DEFAULT_QUERY,
          window: { loadedAt: args.catchUp.from, eventId: '' },
          accountIds: args.catchUp.accountIds,
          batchSize: v.batchSize,
          budgetMs: args.budgetMs,
        })
        const seconds = (performance.now() - t0) / 1000
        result.catchUp[v.name]?.push({ ...read, seconds })
        console.error(
          `read path catch-up ${v.name}: ${read.rows} rows in ${seconds.toFixed(1)} s${read.complete ? '' : ' (stopped)'}`,
        )
      }
    }
  } finally {
    await catchUp.end()
  }
  const head = await benchSession(args.head.url)
  try {
    for (let poll = 0; poll < args.headPolls; poll++) {
      for (const v of args.variants) {
        const t0 = performance.now()
        const read = await readAll(head, v.strategy, {
          query: DEFAULT_QUERY,
          window: { loadedAt: args.head.from, eventId: '' },
          accountIds: args.head.accountIds,
          batchSize: v.batchSize,
          budgetMs: args.budgetMs,
        })
        result.headMs[v.name]?.push(performance.now() - t0)
        result.headRows = read.rows
      }
    }
  } finally {
    await head.end()
  }
  return result
}
