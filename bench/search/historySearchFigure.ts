// History search: the history window's search (first page + total) over 1,000,000 stored
// moments, FTS5 against a LIKE scan of the same store.
import type { BenchContext, FigureResult } from '../benchContext.ts'
import { runChild } from '../child.ts'
import { percentile } from '../stats.ts'
import { benchWarehouse } from '../warehouseData.ts'
import type { SearchArgs, SearchRun } from './historySearchTasks.ts'

export async function historySearchFigure(ctx: BenchContext): Promise<FigureResult> {
  const spec = ctx.sizes.catchUp
  const warehouse = await benchWarehouse(ctx.server, spec)
  const { moments, poolDays, repeats, likeRepeats } = ctx.sizes.search
  ctx.say(`history search: building ${moments.toLocaleString('en')} moments`)
  const args: SearchArgs = {
    url: warehouse.url,
    book: warehouse.accounts,
    from: new Date(spec.end.getTime() - poolDays * 86_400_000).toISOString(),
    moments,
    repeats,
    likeRepeats,
  }
  const run = await runChild<SearchRun>('historySearch', args, { cpuProf: ctx.options.cpuProf })
  const fts = { p50: percentile(run.ftsMs, 50), p99: percentile(run.ftsMs, 99) }
  const like = { p50: percentile(run.likeMs, 50), p99: percentile(run.likeMs, 99) }
  return {
    rows: [
      {
        figure: `history search, ${run.moments.toLocaleString('en')} moments`,
        measured: `FTS p99 ${fts.p99.toFixed(1)} ms (p50 ${fts.p50.toFixed(1)})`,
        reference: `LIKE p99 ${like.p99.toFixed(0)} ms (p50 ${like.p50.toFixed(0)})`,
        ratio: `${(like.p99 / fts.p99).toFixed(0)}× faster`,
        goal: 'p99 < 30 ms',
        met: fts.p99 < 30,
      },
    ],
    data: { ...run, ftsMs: fts, likeMs: like, samples: { fts: run.ftsMs.length, like: run.likeMs.length } },
  }
}
