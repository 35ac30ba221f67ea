// `npm run bench -- [--quick] [--keep] [--only catchUp,fleet,demo] [--runs N] [--cpu-prof]`

export const FIGURES = [
  'catchUp',
  'pollCost',
  'readPath',
  'latency',
  'fleet',
  'search',
  'ruleRegex',
  'startup',
  'demo',
  'workerAtRest',
] as const
export type FigureName = (typeof FIGURES)[number]

export interface BenchOptions {
  /** A small version of every figure, under a minute: CI runs it so the bench never rots */
  quick: boolean
  /** Keep the PostgreSQL data directory and reuse its warehouses next time (they take minutes to build) */
  keep: boolean
  only: FigureName[]
  /** Repeats of the catch-up (each side); medians are reported */
  runs: number
  /** V8 CPU profiles of the child processes, in bench/profiles/ */
  cpuProf: boolean
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { quick: false, keep: false, only: [...FIGURES], runs: 0, cpuProf: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--quick') options.quick = true
    else if (arg === '--keep') options.keep = true
    else if (arg === '--cpu-prof') options.cpuProf = true
    else if (arg === '--runs') options.runs = Number(argv[++i])
    else if (arg === '--only') options.only = String(argv[++i]).split(',').map(figureName)
    else throw new UsageError(`unknown option ${arg}`)
  }
  if (options.runs === 0) options.runs = options.quick ? 1 : 3
  if (!Number.isInteger(options.runs) || options.runs < 1)
    throw new UsageError('--runs takes a whole number ≥ 1')
  return options
}

function figureName(name: string): FigureName {
  if ((FIGURES as readonly string[]).includes(name)) return name as FigureName
  throw new UsageError(`--only: unknown figure ${name} (figures: ${FIGURES.join(', ')})`)
}

export class UsageError extends Error {
  override name = 'UsageError'
}
