// npm run bench [-- --quick] [--keep] [--only catchUp,pollCost,readPath,latency,fleet,search,ruleRegex,startup,demo,workerAtRest] [--runs N] [--cpu-prof]
//
// Measures what Moments exists for, each figure next to a reference measured in the same run,
// prints a table with the machine's description and writes bench/results.json. Goals are
// reported, never asserted: the exit code says only whether the bench itself ran.
import { fileURLToPath } from 'node:url'
import { errorMessage } from '../shared/errorMessage.ts'
import { type BenchContext, benchSizes, type FigureResult, type TableRow } from './benchContext.ts'
import { startBenchPostgres } from './benchPostgres.ts'
import { catchUpFigure } from './catchUp/catchUpFigure.ts'
import { demoFigure } from './demo/demoFigure.ts'
import { fleetFigure } from './fleet/fleetFigure.ts'
import { latencyFigure } from './latency/latencyFigure.ts'
import { currentLoad, describeMachine } from './machine.ts'
import { type FigureName, parseOptions, UsageError } from './options.ts'
import { pollCostFigure } from './pollCost/pollCostFigure.ts'
import { readPathFigure } from './readPath/readPathFigure.ts'
import { formatTable, machineLine, RESULTS_FILE, writeResults } from './report.ts'
import { ruleRegexFigure } from './rules/ruleRegexFigure.ts'
import { historySearchFigure } from './search/historySearchFigure.ts'
import { startupFigure } from './startup/startupFigure.ts'
import { workerAtRestFigure } from './workerAtRest/workerAtRestFigure.ts'

const FIGURE_RUNS: Record<FigureName, (ctx: BenchContext) => Promise<FigureResult>> = {
  catchUp: catchUpFigure,
  pollCost: pollCostFigure,
  readPath: readPathFigure,
  latency: latencyFigure,
  fleet: fleetFigure,
  search: historySearchFigure,
  ruleRegex: ruleRegexFigure,
  startup: startupFigure,
  demo: demoFigure,
  workerAtRest: workerAtRestFigure,
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2))
  const started = Date.now()
  const sizes = benchSizes(options.quick)
  const say = (line: string) =>
    process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${line}\n`)
  say(`starting PostgreSQL${options.keep ? ' (kept data directory)' : ''}`)
  const server = await startBenchPostgres({ keep: options.keep, maxConnections: sizes.fleet.poolSize + 100 })
  const machine = describeMachine(server.version)
  const rows: TableRow[] = []
  const figures: Record<string, unknown> = {}
  const failed: string[] = []
  try {
    const ctx: BenchContext = { options, server, sizes, say }
    for (const name of options.only) {
      const figureStarted = Date.now()
      say(`${name}…`)
      try {
        const result = await FIGURE_RUNS[name](ctx)
        rows.push(...result.rows)
        figures[name] = {
          seconds: (Date.now() - figureStarted) / 1000,
          loadAfter: currentLoad(),
          table: result.rows,
          ...(result.data as object),
        }
      } catch (error) {
        // One broken figure must not lose the others: it is reported, and the bench exits 1.
        failed.push(name)
        say(`${name} failed: ${errorMessage(error, { stack: true })}`)
        rows.push({
          figure: name,
          measured: 'failed (see stderr)',
          reference: '',
          ratio: '',
          goal: '',
          met: null,
        })
        figures[name] = { error: errorMessage(error) }
      }
    }
  } finally {
    server.close()
  }
  const results = {
    mode: options.quick ? 'quick' : 'full',
    failed,
    startedAt: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    machine,
    table: rows,
    figures,
  }
  writeResults(results)
  console.log(`\nMoments bench (${results.mode}) — ${machineLine(machine)}\n`)
  console.log(formatTable(rows))
  console.log(`\n${results.seconds.toFixed(0)} s; details in ${fileURLToPath(RESULTS_FILE)}`)
  if (failed.length > 0) {
    console.error(`bench: ${failed.join(', ')} failed`)
    process.exitCode = 1
  }
}

main().catch((error) => {
  console.error(error instanceof UsageError ? `bench: ${error.message}` : error)
  process.exit(error instanceof UsageError ? 2 : 1)
})
