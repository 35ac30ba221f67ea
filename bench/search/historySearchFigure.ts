// History search: the history window's search (first page + total) over 1,000,000 stored
// moments, FTS5 against a LIKE scan of the same store.

import { COUNT_CAP } from '../../main/desktop/service/historyService.ts'
import type { BenchContext, FigureResult, TableRow } from '../benchContext.ts'
import { runChild } from '../child.ts'
import { percentile } from '../stats.ts'
import { benchWarehouse } from '../warehouseData.ts'
import type { RetentionRun, SearchArgs, SearchRun } from './historySearchTasks.ts'

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
  const thread = { p50: percentile(run.threadMs, 50), p99: percentile(run.threadMs, 99) }
  const windowed = { p50: percentile(run.windowMs, 50), p99: percentile(run.windowMs, 99) }
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
      {
        figure: `history search, flat, total counted to ${COUNT_CAP.toLocaleString('en')}`,
        measured: `p99 ${windowed.p99.toFixed(1)} ms (p50 ${windowed.p50.toFixed(1)})`,
        reference: `exact total p99 ${fts.p99.toFixed(1)} ms`,
        ratio: `${(windowed.p99 / fts.p99).toFixed(2)}×`,
        goal: 'p99 < 30 ms',
        met: windowed.p99 < 30,
      },
      {
        figure: `history search as threads, ${run.moments.toLocaleString('en')} moments`,
        measured: `p99 ${thread.p99.toFixed(1)} ms (p50 ${thread.p50.toFixed(1)})`,
        reference: `flat FTS p99 ${fts.p99.toFixed(1)} ms`,
        ratio: `${(thread.p99 / fts.p99).toFixed(2)}×`,
        goal: 'p99 < 30 ms',
        met: thread.p99 < 30,
      },
      ...retentionRows(run.retention),
    ],
    data: {
      ...run,
      ftsMs: fts,
      likeMs: like,
      threadMs: thread,
      windowMs: windowed,
      samples: {
        window: run.windowMs.length,
        fts: run.ftsMs.length,
        like: run.likeMs.length,
        thread: run.threadMs.length,
      },
    },
  }
}

/** The same store before and after retention ran to the end: file, search, start-up. */
function retentionRows(run: RetentionRun): TableRow[] {
  const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`
  const p99 = (ms: number[]) => percentile(ms, 99)
  const label = `retention ${run.days} d, ${run.before.moments.toLocaleString('en')} → ${run.after.moments.toLocaleString('en')} moments`
  return [
    {
      figure: `${label}: state file`,
      measured: `${mb(run.after.bytes)} after`,
      reference: `${mb(run.before.bytes)} before`,
      ratio: `${(run.after.bytes / run.before.bytes).toFixed(2)}×`,
      goal: 'shrinks with the moments',
      met: run.after.bytes / run.before.bytes < (run.after.moments / run.before.moments) * 1.25,
    },
    {
      figure: `${label}: search p99`,
      measured: `${p99(run.after.ftsMs).toFixed(1)} ms after`,
      reference: `${p99(run.before.ftsMs).toFixed(1)} ms before`,
      ratio: `${(p99(run.after.ftsMs) / p99(run.before.ftsMs)).toFixed(2)}×`,
      goal: 'p99 < 30 ms',
      met: p99(run.after.ftsMs) < 30,
    },
    {
      figure: `${label}: open + first page`,
      measured: `${run.after.startMs.toFixed(1)} ms after`,
      reference: `${run.before.startMs.toFixed(1)} ms before`,
      ratio: `${(run.after.startMs / run.before.startMs).toFixed(2)}×`,
      goal: 'no slower',
      met: run.after.startMs <= run.before.startMs * 1.1,
    },
    {
      figure: `${label}: pruning`,
      measured: `longest pass ${run.maxPassMs.toFixed(0)} ms`,
      reference: `${run.passes} passes, ${run.pruneSeconds.toFixed(1)} s`,
      ratio: '',
      goal: 'a pass ≤ 0.5 s',
      met: run.maxPassMs <= 500,
    },
  ]
}
