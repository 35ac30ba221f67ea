// Catch-up throughput: a laptop back after ten weeks away reads ~1,000,000 rows of its accounts
// through the whole pipeline, against the raw COPY stream of the same rows, run after run: on the
// generator's realistic mix, on its `highlights` mix (a quarter or more of the rows become
// moments), and on the realistic mix's last week alone (~100,000 rows: does the rate hold as a
// catch-up grows?).
import type { BenchContext, FigureResult, TableRow } from '../benchContext.ts'
import { runChild } from '../child.ts'
import { median, medianRatio } from '../stats.ts'
import { type BenchWarehouse, benchWarehouse, type WarehouseSpec } from '../warehouseData.ts'
import type { CatchUpArgs, CatchUpRun } from './catchUpTasks.ts'

const DAY_MS = 86_400_000
/** Peak RSS of the process that runs the pipeline (the compiled CLI bundle, as the bench's children run it) */
const RSS_GOAL_MB = 150

interface Side {
  label: string
  warehouse: { spec: WarehouseSpec; rows: number; buildSeconds: number | null }
  args: CatchUpArgs
  pipeline: CatchUpRun[]
  copy: CatchUpRun[]
}

export async function catchUpFigure(ctx: BenchContext): Promise<FigureResult> {
  const realistic = await benchWarehouse(ctx.server, ctx.sizes.catchUp)
  const busy = await benchWarehouse(ctx.server, ctx.sizes.catchUpBusy)
  for (const w of [realistic, busy])
    ctx.say(`catch-up: ${w.rows.toLocaleString('en')} rows in ${w.spec.name}`)
  const sides: Side[] = [
    side('realistic mix', realistic, realistic.spec.weeks),
    side('highlights mix', busy, busy.spec.weeks),
    // The newest week of the same warehouse: the same rows a short catch-up reads.
    side('last week', realistic, 1),
  ]
  for (let run = 1; run <= ctx.options.runs; run++) {
    for (const s of sides) {
      s.copy.push(await runChild<CatchUpRun>('catchUpCopy', s.args, { compiled: true }))
      s.pipeline.push(
        await runChild<CatchUpRun>('catchUpPipeline', s.args, {
          compiled: true,
          cpuProf: ctx.options.cpuProf,
        }),
      )
      const p = s.pipeline.at(-1) as CatchUpRun
      const c = s.copy.at(-1) as CatchUpRun
      ctx.say(
        `catch-up run ${run}, ${s.label}: pipeline ${rate(p.rowsPerSecond)} (${p.rows} rows, ${p.moments} moments, ${p.peakRssMB.toFixed(0)} MB${heapAtPeak(p)}, ${microsPerRow(p)} µs CPU/row${written(p)}), COPY ${rate(c.rowsPerSecond)}`,
      )
    }
  }
  const [whole, highlights, lastWeek] = sides as [Side, Side, Side]
  const peakRss = Math.max(...sides.flatMap((s) => s.pipeline.map((r) => r.peakRssMB)))
  const growth = medianRatio(
    whole.pipeline.map((r) => r.rowsPerSecond),
    lastWeek.pipeline.map((r) => r.rowsPerSecond),
  )
  const rows: TableRow[] = [
    ratioRow(whole),
    ratioRow(highlights),
    {
      figure: 'catch-up peak RSS',
      measured: `${peakRss.toFixed(0)} MB`,
      reference: `${median(whole.copy.map((r) => r.peakRssMB)).toFixed(0)} MB (COPY reader)`,
      ratio: '',
      goal: `≤ ${RSS_GOAL_MB} MB`,
      met: peakRss <= RSS_GOAL_MB,
    },
    {
      figure: `catch-up rate as it grows, ${rowCount(whole)} vs ${rowCount(lastWeek)} rows`,
      measured: `${rate(median(whole.pipeline.map((r) => r.rowsPerSecond)))}`,
      reference: `${rate(median(lastWeek.pipeline.map((r) => r.rowsPerSecond)))}`,
      ratio: `${growth.toFixed(2)}×`,
      goal: '≥ 0.9×',
      met: growth >= 0.9,
    },
  ]
  return {
    rows,
    data: Object.fromEntries(
      sides.map((s) => [
        s.label,
        {
          warehouse: s.warehouse,
          from: s.args.from,
          pipeline: s.pipeline,
          copy: s.copy,
        },
      ]),
    ),
  }
}

function side(label: string, warehouse: BenchWarehouse, weeks: number): Side {
  const spec: WarehouseSpec = warehouse.spec
  return {
    label,
    warehouse: { spec, rows: warehouse.rows, buildSeconds: warehouse.buildSeconds },
    args: {
      url: warehouse.url,
      // The laptop owns every account of the warehouse: all its rows (since `from`) are the catch-up.
      book: warehouse.accounts,
      from: new Date(spec.end.getTime() - (weeks * 7 + 1) * DAY_MS).toISOString(),
    },
    pipeline: [],
    copy: [],
  }
}

function ratioRow(s: Side): TableRow {
  const ratio = medianRatio(
    s.pipeline.map((r) => r.rowsPerSecond),
    s.copy.map((r) => r.rowsPerSecond),
  )
  const moments = median(s.pipeline.map((r) => (r.moments ?? 0) / r.rows))
  return {
    figure: `catch-up, ${s.label}, ${rowCount(s)} rows (${(moments * 100).toFixed(0)}% become moments)`,
    measured: `${rate(median(s.pipeline.map((r) => r.rowsPerSecond)))} (poll→store)`,
    reference: `${rate(median(s.copy.map((r) => r.rowsPerSecond)))} (COPY)`,
    ratio: `${ratio.toFixed(2)}×`,
    goal: '≥ 0.5×',
    met: ratio >= 0.5,
  }
}

const heapAtPeak = (r: CatchUpRun) => (r.atPeakMB ? ` of which V8 heap ${r.atPeakMB.heapTotal} MB` : '')
const microsPerRow = (r: CatchUpRun) => ((r.cpuSeconds / r.rows) * 1e6).toFixed(1)
const written = (r: CatchUpRun) =>
  r.writtenMB != null && r.moments
    ? `, ${((r.writtenMB * 1024) / r.moments).toFixed(1)} KB written/moment`
    : ''
const rowCount = (s: Side) => (s.pipeline[0]?.rows ?? 0).toLocaleString('en')
const rate = (rowsPerSecond: number) => `${Math.round(rowsPerSecond).toLocaleString('en')} rows/s`
