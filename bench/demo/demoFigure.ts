// The demo's first start and reopen, as a user runs them: `moments run --demo --once` (the
// compiled CLI, bin/moments.mjs) on a fresh data directory, then again on the same one. The first
// start is timed from the spawn to the first moment on stdout; the reopen has no new moment to
// print, so it is timed to the end of its poll (its "polled" log line: the user's history is
// then up to date) and to its exit; peak RSS is the process's own maxRSS. In the same rounds,
// for reference: `node -e`, and the demo warehouse made the old way (initdb on the first start
// instead of unpacking the pre-initialised directory), up to the first row read through its socket.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { builtCli } from '../../bin/builtCli.mjs'
import { installedDemoTemplate } from '../../main/core/demo/demoTemplate.ts'
import { buildCli } from '../../scripts/buildCli.ts'
import type { BenchContext, FigureResult } from '../benchContext.ts'
import { median } from '../stats.ts'

const ROOT = new URL('../../', import.meta.url)
const BIN = fileURLToPath(new URL('bin/moments.mjs', ROOT))
const INITDB_PATH = fileURLToPath(new URL('demoInitdbPath.ts', import.meta.url))
/** Reports the process's own peak RSS (kB) on fd 3 as it exits. */
const REPORT_MAX_RSS = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; process.on('exit', () => writeSync(3, String(process.resourceUsage().maxRSS)))",
)}`

interface Launch {
  /** From the spawn to the first line on stdout (a moment, in --json) */
  firstLineMs: number
  /** From the spawn to the log line of its first poll's end */
  polledMs: number
  /** From the spawn to its exit after the poll (--once): a reopen finds nothing new to show */
  exitMs: number
  peakMb: number
}

function launch(args: string[], env: NodeJS.ProcessEnv, mark: 'moment' | 'exit'): Promise<Launch> {
  const t0 = process.hrtime.bigint()
  const child = spawn(process.execPath, ['--import', REPORT_MAX_RSS, ...args], {
    cwd: fileURLToPath(ROOT),
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  })
  let firstLineMs = Number.NaN
  let polledMs = Number.NaN
  let stderr = ''
  let rss = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    if (Number.isNaN(firstLineMs) && chunk.includes(10))
      firstLineMs = Number(process.hrtime.bigint() - t0) / 1e6
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    if (Number.isNaN(polledMs) && /(INFO|DEBUG): polled\b/.test(stderr.slice(-40) + chunk))
      polledMs = Number(process.hrtime.bigint() - t0) / 1e6
    stderr = (stderr + chunk).slice(-2000)
  })
  ;(child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
    rss += chunk
  })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => {
      const exitMs = Number(process.hrtime.bigint() - t0) / 1e6
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(-300)}`))
      else if (mark === 'moment' && Number.isNaN(firstLineMs))
        reject(new Error(`${args.join(' ')} printed nothing: ${stderr.slice(-300)}`))
      else resolve({ firstLineMs, polledMs, exitMs, peakMb: Number(rss) / 1024 })
    })
  })
}

export async function demoFigure(ctx: BenchContext): Promise<FigureResult> {
  if (!builtCli(ROOT)) {
    ctx.say('demo: the compiled CLI is missing or older than the sources; building it')
    await buildCli()
  }
  if (!installedDemoTemplate()) throw new Error('no demo template in dist/: run npm run build:demo')
  const rounds = ctx.options.quick ? 1 : 3
  const samples = {
    first: [] as Launch[],
    reopen: [] as Launch[],
    initdb: [] as Launch[],
    node: [] as Launch[],
  }
  for (let round = 0; round < rounds; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'moments-bench-demo-'))
    try {
      const env = {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        NO_COLOR: '1',
        MOMENTS_DATA_DIR: join(dir, 'data'),
      }
      const run = [BIN, 'run', '--demo', '--once', '--json']
      ctx.say(`demo: round ${round + 1}/${rounds}`)
      samples.node.push(await launch(['-e', 'console.log(0)'], env, 'moment'))
      samples.first.push(await launch(run, env, 'moment'))
      // A poll that finds nothing new logs its end at debug only.
      samples.reopen.push(await launch(run, { ...env, MOMENTS_LOG_LEVEL: 'debug' }, 'exit'))
      samples.initdb.push(await launch(['--import', 'tsx', INITDB_PATH, join(dir, 'initdb')], env, 'moment'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  const ms = (name: keyof typeof samples) =>
    median(samples[name].map((s) => (name === 'reopen' ? s.exitMs : s.firstLineMs)))
  const reopenPolled = median(samples.reopen.map((s) => s.polledMs))
  const mb = (name: keyof typeof samples) => median(samples[name].map((s) => s.peakMb))
  const node = `node -e: ${ms('node').toFixed(0)} ms, ${mb('node').toFixed(0)} MB`
  return {
    rows: [
      {
        figure: 'Demo first start (fresh data dir) to first moment',
        measured: `${(ms('first') / 1000).toFixed(2)} s, ${mb('first').toFixed(0)} MB peak RSS`,
        reference: `initdb instead: ${(ms('initdb') / 1000).toFixed(2)} s, ${mb('initdb').toFixed(0)} MB`,
        ratio: `${(ms('first') / ms('initdb')).toFixed(2)}×`,
        goal: '≤ 3 s, ≤ 300 MB',
        met: ms('first') <= 3000 && mb('first') <= 300,
      },
      {
        figure: 'Demo reopen (same data dir): to the end of its first poll',
        measured: `${(reopenPolled / 1000).toFixed(2)} s`,
        reference: node,
        ratio: `${(reopenPolled / ms('node')).toFixed(1)}×`,
        goal: '≤ 1 s',
        met: reopenPolled <= 1000,
      },
      {
        figure: 'Demo reopen (same data dir): its poll, to its exit',
        measured: `${(ms('reopen') / 1000).toFixed(2)} s, ${mb('reopen').toFixed(0)} MB peak RSS`,
        reference: node,
        ratio: `${(ms('reopen') / ms('node')).toFixed(1)}×`,
        goal: '≤ 1 s',
        met: ms('reopen') <= 1000,
      },
    ],
    data: {
      rounds,
      reopenPolledMs: reopenPolled,
      medians: Object.fromEntries(
        Object.keys(samples).map((name) => [
          name,
          { ms: ms(name as keyof typeof samples), peakMb: mb(name as keyof typeof samples) },
        ]),
      ),
      samples,
    },
  }
}
