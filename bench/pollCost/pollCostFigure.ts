// Poll cost at the head, nothing new: the same laptop on a warehouse of 1 M and of 10 M rows (the
// same last week), and the brief's 5-minute re-query on the same warehouses, poll after poll.
import type { BenchContext, FigureResult } from '../benchContext.ts'
import { bookOf } from '../books.ts'
import { runChild } from '../child.ts'
import { median, medianRatio } from '../stats.ts'
import { benchWarehouse } from '../warehouseData.ts'
import type { PollCostArgs, WarehouseCost } from './pollCostTasks.ts'

export async function pollCostFigure(ctx: BenchContext): Promise<FigureResult> {
  const small = await benchWarehouse(ctx.server, ctx.sizes.head1m)
  const large = await benchWarehouse(ctx.server, ctx.sizes.head10m)
  ctx.say(`poll cost: ${small.rows.toLocaleString('en')} and ${large.rows.toLocaleString('en')} rows`)
  const args: PollCostArgs = {
    warehouses: [
      { label: 'small', url: small.url },
      { label: 'large', url: large.url },
    ],
    book: bookOf(small.accounts, 0, ctx.sizes.bookSize),
    end: ctx.sizes.head1m.end.toISOString(),
    lookbackMs: 120_000,
    polls: ctx.sizes.headPolls,
  }
  const result = await runChild<Record<'small' | 'large', WarehouseCost>>('pollCost', args, {
    cpuProf: ctx.options.cpuProf,
  })
  const s = result.small
  const l = result.large
  const sizeRatio = medianRatio(l.pollMs, s.pollMs)
  const briefRatio = medianRatio(l.briefMs, l.pollMs)
  const label = (rows: number) => `${(rows / 1e6).toLocaleString('en')} M`
  const ms = (samples: number[]) => `${median(samples).toFixed(1)} ms`
  return {
    rows: [
      {
        figure: `head poll, ${label(large.rows)} vs ${label(small.rows)} rows`,
        measured: `${ms(l.pollMs)} (server ${l.pollPlan.executionMs.toFixed(1)} ms, ${l.pollPlan.sharedBlocks} pages)`,
        reference: `${ms(s.pollMs)} (server ${s.pollPlan.executionMs.toFixed(1)} ms, ${s.pollPlan.sharedBlocks} pages)`,
        ratio: `${sizeRatio.toFixed(2)}×`,
        goal: '≤ 1.2×',
        met: sizeRatio <= 1.2,
      },
      {
        figure: `head poll vs the brief's 5-minute re-query (${label(large.rows)})`,
        measured: `${ms(l.pollMs)} (${l.pollRows} rows re-read)`,
        reference: `${ms(l.briefMs)} (${l.briefRows} rows, server ${l.briefPlan.executionMs.toFixed(1)} ms)`,
        ratio: `${briefRatio.toFixed(1)}× cheaper`,
        goal: '≥ 10× cheaper',
        met: briefRatio >= 10,
      },
    ],
    data: {
      warehouses: [small, large].map((w) => ({ spec: w.spec, rows: w.rows, buildSeconds: w.buildSeconds })),
      book: args.book.length,
      ...result,
    },
  }
}
