// Latency: a loading job inserts moment-worthy rows at a steady rate (loaded_at = now()); a laptop
// polls every 5 s; each stored moment is timed from its row's loaded_at to its commit.
import { DEMO_OWNER, syntheticAccounts } from '../../warehouse/synthetic/index.ts'
import type { BenchContext, FigureResult } from '../benchContext.ts'
import { runChild } from '../child.ts'
import { percentile } from '../stats.ts'
import { benchWarehouse } from '../warehouseData.ts'
import type { LatencyRun } from './latencyTasks.ts'
import { startSteadyWriter } from './steadyWriter.ts'

export async function latencyFigure(ctx: BenchContext): Promise<FigureResult> {
  const { durationMs, pollIntervalMs, rowsPerSecond } = ctx.sizes.latency
  const seed = 13
  const accounts = 50
  // Its history ends an hour ago; what the laptop sees is what the writer adds.
  const end = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000)
  const warehouse = await benchWarehouse(ctx.server, {
    name: 'latency',
    seed,
    accounts,
    regions: 1,
    weekEvents: 5_000,
    weeks: 1,
    end,
  })
  const synthetic = syntheticAccounts(seed, accounts)
  const book = synthetic.filter((a) => a.ownerId === DEMO_OWNER.id).map((a) => ({ id: a.id, name: a.name }))
  ctx.say(
    `latency: ${rowsPerSecond} rows/s for ${durationMs / 1000} s, a poll every ${pollIntervalMs / 1000} s`,
  )
  const writer = await startSteadyWriter({ url: warehouse.url, seed, accounts: synthetic, rowsPerSecond })
  let run: LatencyRun
  let written: Awaited<ReturnType<typeof writer.stop>>
  try {
    run = await runChild<LatencyRun>(
      'latency',
      { url: warehouse.url, book, pollIntervalMs, lookbackMs: 120_000, durationMs },
      { cpuProf: ctx.options.cpuProf },
    )
  } finally {
    written = await writer.stop()
  }
  const p50 = percentile(run.latencyMs, 50)
  const p99 = percentile(run.latencyMs, 99)
  const goal = pollIntervalMs + 1_000
  return {
    rows: [
      {
        figure: `latency loaded→stored, ${run.latencyMs.length} moments`,
        measured: `p99 ${(p99 / 1000).toFixed(2)} s (p50 ${(p50 / 1000).toFixed(2)} s, max ${(Math.max(...run.latencyMs) / 1000).toFixed(2)} s)`,
        reference: `poll interval ${(pollIntervalMs / 1000).toFixed(0)} s`,
        ratio: `${(p99 / pollIntervalMs).toFixed(2)}×`,
        goal: `p99 ≤ ${(goal / 1000).toFixed(0)} s`,
        met: p99 <= goal,
      },
    ],
    data: {
      writer: { rowsPerSecond, ...written },
      polls: run.polls,
      pollMs: { p50: percentile(run.pollMs, 50), p99: percentile(run.pollMs, 99) },
      latencyMs: { p50, p99, max: Math.max(...run.latencyMs), count: run.latencyMs.length },
    },
  }
}
