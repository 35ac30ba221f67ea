// Catch-up throughput: a laptop back after ten weeks away reads ~1,000,000 rows of its accounts
// through the whole pipeline, against the raw COPY stream of the same rows, run after run.
import type { BenchContext, FigureResult } from '../benchContext.ts'
import { runChild } from '../child.ts'
import { median, medianRatio } from '../stats.ts'
import { benchWarehouse } from '../warehouseData.ts'
import type { CatchUpArgs, CatchUpRun } from './catchUpTasks.ts'

const DAY_MS = 86_400_000

export async function catchUpFigure(ctx: BenchContext): Promise<FigureResult> {
  const spec = ctx.sizes.catchUp
  const warehouse = await benchWarehouse(ctx.server, spec)
  ctx.say(`catch-up: ${warehouse.rows.toLocaleString('en')} rows in ${spec.name}`)
  const args: CatchUpArgs = {
    url: warehouse.url,
    // The laptop owns every account of this warehouse: all its rows are the catch-up.
    book: warehouse.accounts,
    from: new Date(spec.end.getTime() - (spec.weeks * 7 + 1) * DAY_MS).toISOString(),
  }
  const pipeline: CatchUpRun[] = []
  const copy: CatchUpRun[] = []
  for (let run = 1; run <= ctx.options.runs; run++) {
    copy.push(await runChild<CatchUpRun>('catchUpCopy', args))
    pipeline.push(await runChild<CatchUpRun>('catchUpPipeline', args, { cpuProf: ctx.options.cpuProf }))
    const p = pipeline.at(-1) as CatchUpRun
    const c = copy.at(-1) as CatchUpRun
    ctx.say(
      `catch-up run ${run}: pipeline ${rate(p.rowsPerSecond)} (${p.rows} rows, ${p.peakRssMB.toFixed(0)} MB), COPY ${rate(c.rowsPerSecond)}`,
    )
  }
  const pipelineRate = median(pipeline.map((r) => r.rowsPerSecond))
  const copyRate = median(copy.map((r) => r.rowsPerSecond))
  const ratio = medianRatio(
    pipeline.map((r) => r.rowsPerSecond),
    copy.map((r) => r.rowsPerSecond),
  )
  const peakRss = Math.max(...pipeline.map((r) => r.peakRssMB))
  const rows = pipeline[0]?.rows ?? 0
  return {
    rows: [
      {
        figure: `catch-up, ${rows.toLocaleString('en')} rows`,
        measured: `${rate(pipelineRate)} (poll→store)`,
        reference: `${rate(copyRate)} (COPY)`,
        ratio: `${ratio.toFixed(2)}×`,
        goal: '≥ 0.5×',
        met: ratio >= 0.5,
      },
      {
        figure: 'catch-up peak RSS',
        measured: `${peakRss.toFixed(0)} MB`,
        reference: `${median(copy.map((r) => r.peakRssMB)).toFixed(0)} MB (COPY reader)`,
        ratio: '',
        goal: '≤ 250 MB',
        met: peakRss <= 250,
      },
    ],
    data: { warehouse: { spec, rows: warehouse.rows, buildSeconds: warehouse.buildSeconds }, pipeline, copy },
  }
}

const rate = (rowsPerSecond: number) => `${Math.round(rowsPerSecond).toLocaleString('en')} rows/s`
