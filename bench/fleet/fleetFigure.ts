// Fleet: N laptops, each with its own book and cursor, polling one PostgreSQL every 15 s while
// the warehouse's last hour is loaded again at its own pace. N grows until p99 reaches 100 ms.

import type { BenchContext, FigureResult } from '../benchContext.ts'
import { benchSession } from '../benchSession.ts'
import { bookOf } from '../books.ts'
import { runChild } from '../child.ts'
import { percentile } from '../stats.ts'
import { benchWarehouse } from '../warehouseData.ts'
import type { FleetArgs, FleetRun } from './fleetTasks.ts'
import { startHeadReplay } from './headReplay.ts'

const P99_LIMIT_MS = 100

export async function fleetFigure(ctx: BenchContext): Promise<FigureResult> {
  const spec = ctx.sizes.head10m
  const warehouse = await benchWarehouse(ctx.server, spec)
  const { steps, pollIntervalMs, measureMs, poolSize } = ctx.sizes.fleet
  const start = await newestRow(warehouse.url)
  const results: (FleetRun & { p50: number; p99: number; replayedRows: number })[] = []
  for (const laptops of steps) {
    const books = Array.from({ length: laptops }, (_, k) =>
      bookOf(warehouse.accounts, k, ctx.sizes.bookSize).map((a) => a.id),
    )
    const args: FleetArgs = {
      url: warehouse.url,
      books,
      pollIntervalMs,
      lookbackMs: 120_000,
      measureMs,
      poolSize,
      start,
    }
    const replay = await startHeadReplay(warehouse.url, spec.end)
    let run: FleetRun
    let replayed: { rows: number }
    try {
      run = await runChild<FleetRun>('fleet', args, { cpuProf: ctx.options.cpuProf })
    } finally {
      replayed = await replay.stop()
    }
    const step = {
      ...run,
      pollMs: [],
      polls: run.pollMs.length,
      p50: percentile(run.pollMs, 50),
      p99: percentile(run.pollMs, 99),
      replayedRows: replayed.rows,
    }
    results.push(step)
    ctx.say(
      `fleet: ${laptops} laptops, ${step.polls} polls: p50 ${step.p50.toFixed(1)} ms, p99 ${step.p99.toFixed(1)} ms, ${run.failures} failed`,
    )
    if (!(step.p99 < P99_LIMIT_MS) || run.failures > 0) break
  }
  const passing = results.filter((r) => r.p99 < P99_LIMIT_MS && r.failures === 0)
  const best = passing.at(-1)
  const firstFailing = results.find((r) => !passing.includes(r))
  const goal = ctx.options.quick ? (steps[0] as number) : 2_000
  return {
    rows: [
      {
        figure: `fleet, a poll every ${pollIntervalMs / 1000} s per laptop`,
        measured: best
          ? `${best.laptops.toLocaleString('en')} laptops (p99 ${best.p99.toFixed(0)} ms)`
          : `< ${steps[0]} laptops`,
        reference: firstFailing
          ? `${firstFailing.laptops.toLocaleString('en')}: p99 ${firstFailing.p99.toFixed(0)} ms`
          : 'every step passed',
        ratio: '',
        goal: `p99 < ${P99_LIMIT_MS} ms at ≥ ${goal.toLocaleString('en')}`,
        met: best !== undefined && best.laptops >= goal,
      },
    ],
    data: { warehouse: { spec, rows: warehouse.rows }, bookSize: ctx.sizes.bookSize, steps: results },
  }
}

async function newestRow(url: string): Promise<{ loadedAt: string; eventId: string }> {
  const session = await benchSession(url, 60_000)
  try {
    const { rows } = await session.query<{ loaded_at: string; event_id: string }>(
      'SELECT loaded_at, event_id FROM enriched_events ORDER BY loaded_at DESC, event_id DESC LIMIT 1',
    )
    const newest = rows[0] as { loaded_at: string; event_id: string }
    return { loadedAt: newest.loaded_at, eventId: newest.event_id }
  } finally {
    await session.end()
  }
}
