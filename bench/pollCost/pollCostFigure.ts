// Poll cost at the head, nothing new: the same laptop on a warehouse of 1 M and of 10 M rows (the
// same last week), and the brief's 5-minute re-query on the same warehouses, poll after poll.
import type { BenchContext, FigureResult } from '../benchContext.ts'
import { benchSession } from '../benchSession.ts'
import { runChild } from '../child.ts'
import { median, medianRatio } from '../stats.ts'
import { benchWarehouse } from '../warehouseData.ts'
import type { PollCostArgs, WarehouseCost } from './pollCostTasks.ts'

export async function pollCostFigure(ctx: BenchContext): Promise<FigureResult> {
  const small = await benchWarehouse(ctx.server, ctx.sizes.head1m)
  const large = await benchWarehouse(ctx.server, ctx.sizes.head10m)
  ctx.say(`poll cost: ${small.rows.toLocaleString('en')} and ${large.rows.toLocaleString('en')} rows`)
  const books = await headBooks(small.url, ctx.sizes.head1m.end, ctx.sizes.bookSize)
  const args: PollCostArgs = {
    warehouses: [
      { label: 'small', url: small.url },
      { label: 'large', url: large.url },
    ],
    book: books.busy,
    quietBook: books.quiet,
    end: ctx.sizes.head1m.end.toISOString(),
    lookbackMs: 120_000,
    polls: ctx.sizes.headPolls,
  }
  const result = await runChild<Record<'small' | 'large', WarehouseCost>>('pollCost', args, {
    cpuProf: ctx.options.cpuProf,
  })
  const s = result.small
  const l = result.large
  for (const [side, cost] of Object.entries(result)) {
    for (const book of ['busy', 'quiet'] as const) {
      for (const note of cost.headPlans?.[book] ?? []) ctx.say(`poll cost, ${side}, ${book} book: ${note}`)
    }
  }
  const sizeRatio = medianRatio(l.pollMs, s.pollMs)
  const briefRatio = medianRatio(l.briefMs, l.pollMs)
  const quietRatio = medianRatio(l.briefMs, l.quietMs)
  const laggingRatio = medianRatio(l.briefMs, l.laggingMs)
  const pageRatio = l.briefPlan.sharedBlocks / Math.max(1, l.quietPlan.sharedBlocks)
  // Pages touched do not change with the machine's load; times do.
  const server = (plan: { planningMs: number; executionMs: number; sharedBlocks: number }) =>
    `server ${plan.planningMs.toFixed(1)} + ${plan.executionMs.toFixed(1)} ms, ${plan.sharedBlocks} pages`
  const label = (rows: number) => `${(rows / 1e6).toLocaleString('en')} M`
  const ms = (samples: number[]) => `${median(samples).toFixed(1)} ms`
  const warehouseCpu = (book: string, samples: number[]) => {
    const ratio = medianRatio(l.briefCpuMs, samples)
    return {
      figure: `… the warehouse's CPU a poll (the session's backend), ${book} book`,
      measured: ms(samples),
      reference: `${ms(l.briefCpuMs)} (the brief's re-query)`,
      ratio: `${ratio.toFixed(1)}× less`,
      goal: '≥ 10× less',
      met: ratio >= 10,
    }
  }
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
        figure: `head poll, busy book, vs the brief's 5-minute re-query (${label(large.rows)})`,
        measured: `${ms(l.pollMs)} (${l.pollRows} rows re-read; ${server(l.pollPlan)})`,
        reference: `${ms(l.briefMs)} (${l.briefRows} rows, ${server(l.briefPlan)})`,
        ratio: `${briefRatio.toFixed(1)}× cheaper`,
        goal: '≥ 10× cheaper',
        met: briefRatio >= 10,
      },
      {
        figure: `head poll, quiet book, cursor on the warehouse's clock (${label(large.rows)})`,
        measured: `${ms(l.quietMs)} (${server(l.quietPlan)})`,
        reference: `${ms(l.briefMs)} (the brief's re-query, ${l.briefPlan.sharedBlocks} pages)`,
        ratio: `${quietRatio.toFixed(1)}× cheaper`,
        goal: '≥ 10× cheaper',
        met: quietRatio >= 10,
      },
      warehouseCpu('busy', l.pollCpuMs),
      warehouseCpu('quiet', l.quietCpuMs),
      {
        figure: `… the warehouse's work: 8 kB pages the quiet book's poll touches`,
        measured: `${l.quietPlan.sharedBlocks} pages (as before: ${l.laggingPlan.sharedBlocks})`,
        reference: `${l.briefPlan.sharedBlocks} pages (the brief's re-query)`,
        ratio: `${pageRatio.toFixed(1)}× fewer`,
        goal: '≥ 10× fewer',
        met: pageRatio >= 10,
      },
      {
        figure: `… the same book, cursor on its last row (${l.laggingMinutes.toFixed(0)} min behind)`,
        measured: `${ms(l.laggingMs)} (${server(l.laggingPlan)})`,
        reference: `${ms(l.briefMs)} (the brief's re-query)`,
        ratio: `${laggingRatio.toFixed(1)}× cheaper`,
        goal: '(before; context)',
        met: null,
      },
    ],
    data: {
      warehouses: [small, large].map((w) => ({ spec: w.spec, rows: w.rows, buildSeconds: w.buildSeconds })),
      book: args.book.length,
      ...result,
    },
  }
}

/**
 * Two books of the same size from the warehouse's last day: the accounts with the most rows in its
 * last hour (busy), and accounts with rows that day but none in its last hour (quiet), by id.
 */
async function headBooks(url: string, end: Date, size: number) {
  const session = await benchSession(url, 600_000)
  try {
    const { rows } = await session.query<{ id: string; name: string; last: string; recent: number }>(
      `SELECT a.id, a.name, MAX(e.loaded_at)::text AS last,
         COUNT(*) FILTER (WHERE e.loaded_at > $1::timestamptz - INTERVAL '1 hour')::int AS recent
       FROM enriched_events e JOIN accounts a ON a.id = e.account_id
       WHERE e.loaded_at > $1::timestamptz - INTERVAL '1 day'
       GROUP BY a.id, a.name`,
      [end.toISOString()],
    )
    const pick = (r: { id: string; name: string }) => ({ id: r.id, name: r.name })
    const busy = [...rows].sort((a, b) => b.recent - a.recent || a.id.localeCompare(b.id)).slice(0, size)
    const quiet = rows
      .filter((r) => r.recent === 0)
      .sort((a, b) => a.id.localeCompare(b.id))
      .slice(0, size)
    return { busy: busy.map(pick), quiet: quiet.map(pick) }
  } finally {
    await session.end()
  }
}
