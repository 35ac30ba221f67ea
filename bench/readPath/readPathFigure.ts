// The read path on PostgreSQL: how a source reads rows, strategy by strategy, on the catch-up of
// ~1,000,000 rows and on a head poll that finds nothing new — before the sources (a cursor outside
// a transaction), after (the cursor inside BEGIN READ ONLY, at 2,000 and at Redshift's 1,000), and
// the alternative that was measured and not kept (a LIMIT statement per page).
import type { BenchContext, FigureResult } from '../benchContext.ts'
import { bookOf } from '../books.ts'
import { runChild } from '../child.ts'
import { median } from '../stats.ts'
import { benchWarehouse } from '../warehouseData.ts'
import type { ReadPathArgs, ReadPathResult } from './readPathTasks.ts'

const DAY_MS = 86_400_000

const VARIANTS: ReadPathArgs['variants'] = [
  { name: 'before', strategy: 'before', batchSize: 2_000 },
  { name: 'cursor 2,000', strategy: 'cursor', batchSize: 2_000 },
  { name: 'cursor 1,000', strategy: 'cursor', batchSize: 1_000 },
  { name: 'keyset pages', strategy: 'keyset', batchSize: 2_000 },
]

export async function readPathFigure(ctx: BenchContext): Promise<FigureResult> {
  const catchUpSpec = ctx.sizes.catchUp
  const catchUp = await benchWarehouse(ctx.server, catchUpSpec)
  const headWarehouse = await benchWarehouse(ctx.server, ctx.sizes.head1m)
  ctx.say(
    `read path: ${catchUp.rows.toLocaleString('en')} rows (catch-up), ${headWarehouse.rows.toLocaleString('en')} (head)`,
  )
  const args: ReadPathArgs = {
    catchUp: {
      url: catchUp.url,
      accountIds: catchUp.accounts.map((a) => a.id),
      from: new Date(catchUpSpec.end.getTime() - (catchUpSpec.weeks * 7 + 1) * DAY_MS).toISOString(),
    },
    head: {
      url: headWarehouse.url,
      accountIds: bookOf(headWarehouse.accounts, 0, ctx.sizes.bookSize).map((a) => a.id),
      from: new Date(ctx.sizes.head1m.end.getTime() - 120_000).toISOString(),
    },
    variants: VARIANTS,
    runs: ctx.options.runs,
    headPolls: ctx.sizes.headPolls,
    budgetMs: ctx.options.quick ? 20_000 : 60_000,
  }
  const result = await runChild<ReadPathResult>('readPath', args, { onStderr: ctx.say })
  const rate = (name: string) => {
    const runs = result.catchUp[name] ?? []
    return median(runs.map((r) => r.rows / r.seconds))
  }
  const complete = (name: string) => (result.catchUp[name] ?? []).every((r) => r.complete)
  const head = (name: string) => median(result.headMs[name] ?? [])
  const rows = (result.catchUp.before?.[0]?.rows ?? 0).toLocaleString('en')
  const perSecond = (n: number) => `${Math.round(n).toLocaleString('en')} rows/s`
  const keysetNote = complete('keyset pages')
    ? ''
    : ` (stopped after ${Math.round(args.budgetMs / 1000)} s at ${(result.catchUp['keyset pages']?.[0]?.rows ?? 0).toLocaleString('en')} rows)`
  return {
    rows: [
      {
        figure: `read path, catch-up of ${rows} rows: cursor in BEGIN READ ONLY, 2,000 a fetch`,
        measured: perSecond(rate('cursor 2,000')),
        reference: `${perSecond(rate('before'))} (before: cursor outside a transaction)`,
        ratio: `${(rate('cursor 2,000') / rate('before')).toFixed(2)}×`,
        goal: '≥ 0.9× before',
        met: rate('cursor 2,000') >= 0.9 * rate('before'),
      },
      {
        figure: 'read path, catch-up: Redshift’s fetch size, 1,000',
        measured: perSecond(rate('cursor 1,000')),
        reference: `${perSecond(rate('cursor 2,000'))} (2,000)`,
        ratio: `${(rate('cursor 1,000') / rate('cursor 2,000')).toFixed(2)}×`,
        goal: '',
        met: null,
      },
      {
        figure: 'read path, catch-up: keyset pages (LIMIT 2,000 a statement)',
        measured: `${perSecond(rate('keyset pages'))}${keysetNote}`,
        reference: `${perSecond(rate('cursor 2,000'))} (cursor)`,
        ratio: `${(rate('keyset pages') / rate('cursor 2,000')).toFixed(3)}×`,
        goal: 'the faster is kept',
        met: null,
      },
      {
        figure: `read path, head poll (${result.headRows} rows re-read): cursor in BEGIN READ ONLY`,
        measured: `${head('cursor 2,000').toFixed(2)} ms`,
        reference: `${head('before').toFixed(2)} ms (before)`,
        ratio: `${(head('cursor 2,000') / head('before')).toFixed(2)}×`,
        goal: '≤ 1.2× before',
        met: head('cursor 2,000') <= 1.2 * head('before'),
      },
      {
        figure: 'read path, head poll: keyset page',
        measured: `${head('keyset pages').toFixed(2)} ms`,
        reference: `${head('cursor 2,000').toFixed(2)} ms (cursor)`,
        ratio: `${(head('keyset pages') / head('cursor 2,000')).toFixed(2)}×`,
        goal: 'the faster is kept',
        met: null,
      },
    ],
    data: {
      args: { ...args, catchUp: { ...args.catchUp, accountIds: args.catchUp.accountIds.length } },
      result,
    },
  }
}
