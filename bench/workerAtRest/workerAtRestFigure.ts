// The desktop's pipeline worker at rest: the bundled worker (scripts/buildDesktop.ts) forked
// under plain Node through the CommonJS entry main starts as its utilityProcess, as the packaging
// test runs it, on a fresh demo (no moments.yaml: the demo warehouse, polled every 5 s). After
// its catch-up (the first poll that delivers), its resident size and CPU time are read from
// /proc over idle poll intervals. The reference, in the same run: a bare Node process idling
// for the same window.
import { type ChildProcess, fork, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildDesktop } from '../../scripts/buildDesktop.ts'
import type { BenchContext, FigureResult } from '../benchContext.ts'
import { median } from '../stats.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** Linux reports CPU time in clock ticks of 1/100 s on every architecture Node runs on */
const TICKS_PER_SECOND = 100
/** Half of what Gitify's users saw for the whole app (main, renderer, GPU): see bench/README.md */
const GOAL_RSS_MB = 150
/** An idle tray app should cost no noticeable CPU: see bench/README.md */
const GOAL_CPU_PERCENT = 1

interface Sample {
  atMs: number
  rssMb: number
  cpuSeconds: number
}

function sample(pid: number): Sample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1])
  // Fields 14 and 15 (utime, stime), counted after the command name's closing parenthesis.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  return { atMs: performance.now(), rssMb: rssKb / 1024, cpuSeconds: ticks / TICKS_PER_SECOND }
}

async function watch(pid: number, windowMs: number): Promise<Sample[]> {
  const samples = [sample(pid)]
  const end = performance.now() + windowMs
  while (performance.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    samples.push(sample(pid))
  }
  return samples
}

function cpuPercent(samples: Sample[]): number {
  const first = samples[0] as Sample
  const last = samples[samples.length - 1] as Sample
  return (100 * (last.cpuSeconds - first.cpuSeconds)) / ((last.atMs - first.atMs) / 1000)
}

function caughtUp(child: ChildProcess, timeoutMs: number): Promise<number> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the worker delivered nothing in time')), timeoutMs)
    child.on('message', (message: { type: string; message?: string }) => {
      if (message.type === 'fatal') reject(new Error(`worker: ${message.message}`))
      if (message.type === 'delivered') {
        clearTimeout(timer)
        resolve(performance.now() - started)
      }
    })
    child.on('exit', (code) => reject(new Error(`the worker exited ${code} before its catch-up`)))
  })
}

export async function workerAtRestFigure(ctx: BenchContext): Promise<FigureResult> {
  if (process.platform !== 'linux') throw new Error('workerAtRest reads /proc: Linux only')
  mkdirSync(join(ROOT, '.tmp'), { recursive: true })
  // Inside the repository (.tmp/ is ignored), so the bundles find node_modules as in dist/.
  const scratch = mkdtempSync(join(ROOT, '.tmp', 'bench-worker-'))
  const windowMs = ctx.options.quick ? 15_000 : 60_000
  try {
    ctx.say('workerAtRest: bundling the desktop')
    await buildDesktop(join(scratch, 'desktop'))
    const dataDir = join(scratch, 'data')
    const child = fork(join(scratch, 'desktop', 'pipelineWorker.cjs'), [], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: scratch,
        MOMENTS_DATA_DIR: dataDir,
        MOMENTS_LOG_LEVEL: 'warn',
      },
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    })
    const idleNode = spawn(process.execPath, ['-e', 'setInterval(() => {}, 5000)'], { stdio: 'ignore' })
    try {
      const caughtUpIn = caughtUp(child, 120_000)
      child.send({ type: 'start', userDataDir: dataDir, secrets: {}, vault: { ok: true } })
      const catchUpMs = await caughtUpIn
      const pid = child.pid as number
      const afterCatchUp = sample(pid)
      ctx.say(`workerAtRest: caught up in ${(catchUpMs / 1000).toFixed(1)} s; ${windowMs / 1000} s at rest`)
      const [rest, reference] = await Promise.all([
        watch(pid, windowMs),
        watch(idleNode.pid as number, windowMs),
      ])
      const restRss = median(rest.map((s) => s.rssMb))
      const restCpu = cpuPercent(rest)
      const referenceRss = median(reference.map((s) => s.rssMb))
      const referenceCpu = cpuPercent(reference)
      const peakRss = Math.max(...rest.map((s) => s.rssMb))
      return {
        rows: [
          {
            figure: `Desktop worker at rest (demo, 5 s polls, ${windowMs / 1000} s after its catch-up)`,
            measured: `${restRss.toFixed(0)} MB RSS (after catch-up ${afterCatchUp.rssMb.toFixed(0)}, max ${peakRss.toFixed(0)}), ${restCpu.toFixed(2)} % CPU`,
            reference: `idle node: ${referenceRss.toFixed(0)} MB, ${referenceCpu.toFixed(2)} %`,
            ratio: `${(restRss / referenceRss).toFixed(1)}×`,
            goal: `≤ ${GOAL_RSS_MB} MB, ≤ ${GOAL_CPU_PERCENT} % CPU`,
            met: restRss <= GOAL_RSS_MB && restCpu <= GOAL_CPU_PERCENT,
          },
        ],
        data: { catchUpMs, windowMs, afterCatchUp, rest, reference },
      }
    } finally {
      idleNode.kill()
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.send({ type: 'stop' })
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
      child.kill('SIGKILL')
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
