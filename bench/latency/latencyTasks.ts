// Child task: a laptop running the real poll loop (runLoop, a 5 s interval) against a warehouse a
// writer keeps feeding; every moment stored is timed from its row's loaded_at to its commit.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { runLoop } from '../../main/core/pipeline/runLoop.ts'
import { benchLaptop } from '../laptop.ts'

export interface LatencyArgs {
  url: string
  book: { id: string; name: string }[]
  pollIntervalMs: number
  lookbackMs: number
  durationMs: number
}

export interface LatencyRun {
  /** ms from each stored moment's loaded_at to the commit of its batch */
  latencyMs: number[]
  polls: number
  pollMs: number[]
}

export async function latency(args: LatencyArgs): Promise<LatencyRun> {
  const dir = mkdtempSync(join(tmpdir(), 'moments-bench-latency-'))
  const laptop = benchLaptop({
    url: args.url,
    statePath: join(dir, 'moments.db'),
    book: args.book,
    lookbackMs: args.lookbackMs,
    // The data ends an hour before the figure starts: the first polls find only the writer's rows.
    backfillMs: 10 * 60_000,
  })
  const latencyMs: number[] = []
  const pollMs: number[] = []
  let polls = 0
  // Rows the writer stored before this laptop's first poll waited for the laptop to start: not timed.
  const startedAt = Date.now()
  const loop = runLoop({
    poller: laptop.poller,
    pollIntervalMs: args.pollIntervalMs,
    log: pino({ level: 'silent' }),
    listener: {
      onBatch(batch) {
        const storedAt = Date.now()
        for (const moment of batch.moments) {
          const loadedAt = Date.parse(moment.loadedAt)
          if (loadedAt >= startedAt) latencyMs.push(storedAt - loadedAt)
        }
      },
    },
    onReport(report) {
      polls++
      pollMs.push(report.durationMs)
    },
  })
  await new Promise((resolve) => setTimeout(resolve, args.durationMs))
  await loop.stop()
  await laptop.close()
  rmSync(dir, { recursive: true, force: true })
  return { latencyMs, polls, pollMs }
}
