// CLI start-up: how long `moments --help` and `moments history --limit 1` (on a real state file)
// take from the shell, and the peak RSS of the latter, next to bare `node -e 0` in the same
// rounds. What users run: bin/moments.mjs on the compiled CLI (rebuilt first if a source
// changed). For context, the same history from the TypeScript sources through tsx, as it ran
// before the CLI was compiled and as it still runs in a checkout with edited sources.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { builtCli } from '../../bin/builtCli.mjs'
import { buildCli } from '../../scripts/buildCli.ts'
import type { BenchContext, FigureResult } from '../benchContext.ts'
import { median } from '../stats.ts'
import { startupState } from './startupState.ts'

const ROOT = new URL('../../', import.meta.url)
const BIN = fileURLToPath(new URL('bin/moments.mjs', ROOT))
const SOURCES = fileURLToPath(new URL('main/cli/main.ts', ROOT))
/** Reports the process's own peak RSS (kB) on fd 3 as it exits. */
const REPORT_MAX_RSS = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; process.on('exit', () => writeSync(3, String(process.resourceUsage().maxRSS)))",
)}`

interface Timed {
  ms: number[]
  peakMb: number[]
}

function launch(args: string[], env: NodeJS.ProcessEnv, withRss: boolean): number {
  const argv = withRss ? ['--import', REPORT_MAX_RSS, ...args] : args
  const t0 = process.hrtime.bigint()
  const result = spawnSync(process.execPath, argv, {
    cwd: fileURLToPath(ROOT),
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  })
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (result.status !== 0) {
    throw new Error(`${args.join(' ')} exited ${result.status}: ${String(result.stderr).slice(-300)}`)
  }
  return withRss ? Number(String(result.output[3])) / 1024 : ms
}

export async function startupFigure(ctx: BenchContext): Promise<FigureResult> {
  if (!builtCli(ROOT)) {
    ctx.say('startup: the compiled CLI is missing or older than the sources; building it')
    await buildCli()
  }
  const dir = mkdtempSync(`${tmpdir()}/moments-bench-startup-`)
  try {
    ctx.say('startup: a state file from a week of the catch-up warehouse')
    const state = await startupState(ctx, dir)
    const env = { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1' }
    const commands = {
      node: ['-e', '0'],
      help: [BIN, '--help'],
      history: [BIN, 'history', '--limit', '1', '--config', state.configPath],
      sources: ['--import', 'tsx', SOURCES, 'history', '--limit', '1', '--config', state.configPath],
    }
    const samples = Object.fromEntries(
      Object.keys(commands).map((name) => [name, { ms: [], peakMb: [] } as Timed]),
    ) as Record<keyof typeof commands, Timed>
    const rounds = ctx.options.quick ? 3 : 9
    // Alternating, round by round, so that other work on the machine weighs on each alike.
    for (let round = 0; round < rounds; round++) {
      for (const [name, args] of Object.entries(commands) as [keyof typeof commands, string[]][]) {
        if (name === 'sources' && round % 3 !== 0) continue
        samples[name].ms.push(launch(args, env, false))
        samples[name].peakMb.push(launch(args, env, true))
      }
    }
    const ms = (name: keyof typeof commands) => median(samples[name].ms)
    const mb = (name: keyof typeof commands) => median(samples[name].peakMb)
    const node = `node -e 0: ${ms('node').toFixed(0)} ms`
    return {
      rows: [
        {
          figure: 'CLI start: moments --help',
          measured: `${ms('help').toFixed(0)} ms`,
          reference: node,
          ratio: `${(ms('help') / ms('node')).toFixed(1)}×`,
          goal: '≤ 2× node -e 0',
          met: ms('help') <= 2 * ms('node'),
        },
        {
          figure: `CLI start: moments history --limit 1, ${state.moments.toLocaleString('en')} moments`,
          measured: `${ms('history').toFixed(0)} ms, ${mb('history').toFixed(0)} MB peak RSS`,
          reference: `${node}, ${mb('node').toFixed(0)} MB`,
          ratio: `${(ms('history') / ms('node')).toFixed(1)}×`,
          goal: '≤ 300 ms, ≤ 80 MB',
          met: ms('history') <= 300 && mb('history') <= 80,
        },
        {
          figure: '  the same history from the TypeScript sources (tsx)',
          measured: `${ms('sources').toFixed(0)} ms, ${mb('sources').toFixed(0)} MB peak RSS`,
          reference: node,
          ratio: `${(ms('sources') / ms('node')).toFixed(1)}×`,
          goal: '',
          met: null,
        },
      ],
      data: {
        moments: state.moments,
        rounds,
        medians: Object.fromEntries(
          Object.keys(commands).map((name) => [
            name,
            { ms: ms(name as keyof typeof commands), peakMb: mb(name as keyof typeof commands) },
          ]),
        ),
        samples,
      },
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
