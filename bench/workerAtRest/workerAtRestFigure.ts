// The desktop's pipeline worker at rest: the bundled worker (scripts/buildDesktop.ts) forked
// under plain Node through the CommonJS entry main starts as its utilityProcess, as the packaging
// test runs it, on two desktops: a fresh demo (no settings: the demo warehouse inside the worker,
// polled every 5 s), and a user's settings for a real warehouse (the bench's PostgreSQL and a
// Salesforce stand-in, polled at the settings' default 15 s). After its catch-up (the first poll
// that reports), its resident size and CPU time are read from /proc over idle poll intervals. The
// reference, in the same run beside each: a bare Node process idling for the same window.
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { nodeExecArgv } from '../../main/desktop/worker/workerV8Flags.ts'
import { buildDesktop } from '../../scripts/buildDesktop.ts'
import type { BenchContext, FigureResult, TableRow } from '../benchContext.ts'
import { median } from '../stats.ts'
import { cpuPercent, type ResidentSplit, residentSplit, type Sample, sample, watch } from './restSamples.ts'
import { warehouseSide } from './warehouseSide.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** Half of what Gitify's users saw for the whole app (main, renderer, GPU): see bench/README.md */
const GOAL_RSS_MB = 150
/** An idle tray app should cost no noticeable CPU: see bench/README.md */
const GOAL_CPU_PERCENT = 1

interface RestRun {
  catchUpMs: number
  afterCatchUp: Sample
  rest: Sample[]
  split: ResidentSplit
  reference: Sample[]
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

/** Starts the bundled worker on `dataDir` with `secrets` as main would, and watches it rest. */
async function restingWorker(
  ctx: BenchContext,
  label: string,
  options: {
    entry: string
    dataDir: string
    home: string
    secrets: Record<string, string>
    windowMs: number
  },
): Promise<RestRun> {
  const child = fork(options.entry, [], {
    // The V8 flags the desktop gives its utilityProcess, in Node's form.
    execArgv: nodeExecArgv(),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: options.home,
      MOMENTS_DATA_DIR: options.dataDir,
      MOMENTS_LOG_LEVEL: 'warn',
    },
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  })
  const idleNode = spawn(process.execPath, ['-e', 'setInterval(() => {}, 5000)'], { stdio: 'ignore' })
  try {
    const caughtUpIn = caughtUp(child, 180_000)
    child.send({ type: 'start', userDataDir: options.dataDir, secrets: options.secrets, vault: { ok: true } })
    const catchUpMs = await caughtUpIn
    const pid = child.pid as number
    const afterCatchUp = sample(pid)
    ctx.say(
      `workerAtRest (${label}): caught up in ${(catchUpMs / 1000).toFixed(1)} s; ${options.windowMs / 1000} s at rest`,
    )
    const [rest, reference] = await Promise.all([
      watch(pid, options.windowMs),
      watch(idleNode.pid as number, options.windowMs),
    ])
    return { catchUpMs, afterCatchUp, rest, split: residentSplit(pid), reference }
  } finally {
    idleNode.kill()
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.send({ type: 'stop' })
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
    child.kill('SIGKILL')
  }
}

interface TemplateUnpacked {
  ms: number
  before: ResidentSplit
  after: ResidentSplit
}

/** The demo template unpacked alone in a Node process of its own, `runs` times. */
function templateUnpacked(scratch: string, runs: number): TemplateUnpacked[] {
  const script = fileURLToPath(new URL('./templateUnpacked.ts', import.meta.url))
  return Array.from({ length: runs }, () => {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, scratch], {
      cwd: ROOT,
      encoding: 'utf8',
    })
    return JSON.parse(out) as TemplateUnpacked
  })
}

function unpackedRow(runs: TemplateUnpacked[]): TableRow {
  const kept = median(runs.map((run) => run.after.anonymousMb - run.before.anonymousMb))
  const before = median(runs.map((run) => run.before.anonymousMb))
  const ms = median(runs.map((run) => run.ms))
  return {
    figure: `Demo template unpacked alone (a Node process of its own, after a full GC; ${runs.length} runs)`,
    measured: `+${kept.toFixed(1)} MB anonymous kept (runs ${runs.map((run) => (run.after.anonymousMb - run.before.anonymousMb).toFixed(1)).join(' / ')}), unpacked in ${ms.toFixed(0)} ms`,
    reference: `before it: ${before.toFixed(0)} MB anonymous`,
    ratio: '',
    goal: '',
    met: null,
  }
}

function restRow(figure: string, run: RestRun): TableRow {
  const restRss = median(run.rest.map((s) => s.rssMb))
  const restCpu = cpuPercent(run.rest)
  const referenceRss = median(run.reference.map((s) => s.rssMb))
  const peakRss = Math.max(...run.rest.map((s) => s.rssMb))
  return {
    figure,
    measured: `${restRss.toFixed(0)} MB RSS (after catch-up ${run.afterCatchUp.rssMb.toFixed(0)}, max ${peakRss.toFixed(0)}, at the end ${run.split.rssMb.toFixed(0)} of which anonymous ${run.split.anonymousMb.toFixed(0)}), ${restCpu.toFixed(2)} % CPU`,
    reference: `idle node: ${referenceRss.toFixed(0)} MB, ${cpuPercent(run.reference).toFixed(2)} %`,
    ratio: `${(restRss / referenceRss).toFixed(1)}×`,
    goal: `≤ ${GOAL_RSS_MB} MB, ≤ ${GOAL_CPU_PERCENT} % CPU`,
    met: restRss <= GOAL_RSS_MB && restCpu <= GOAL_CPU_PERCENT,
  }
}

export async function workerAtRestFigure(ctx: BenchContext): Promise<FigureResult> {
  if (process.platform !== 'linux') throw new Error('workerAtRest reads /proc: Linux only')
  mkdirSync(join(ROOT, '.tmp'), { recursive: true })
  // Inside the repository (.tmp/ is ignored), so the bundles find node_modules as in dist/.
  const scratch = mkdtempSync(join(ROOT, '.tmp', 'bench-worker-'))
  const windowMs = ctx.options.quick ? 15_000 : 60_000
  const seconds = windowMs / 1000
  try {
    ctx.say('workerAtRest: bundling the desktop')
    await buildDesktop(join(scratch, 'desktop'))
    const entry = join(scratch, 'desktop', 'pipelineWorker.cjs')

    // What a first start's unpacking leaves behind, apart from the demo's PGlite.
    const unpacked = templateUnpacked(scratch, 3)

    const demoDir = join(scratch, 'demo')
    const demo = await restingWorker(ctx, 'demo', {
      entry,
      dataDir: demoDir,
      home: scratch,
      secrets: {},
      windowMs,
    })

    const warehouseDir = join(scratch, 'warehouse')
    const side = await warehouseSide(ctx.server, warehouseDir, {
      // A busy book's day: ~57,000 rows for its first poll, so the rest follows a real catch-up.
      size: ctx.options.quick ? { accounts: 50, weekEvents: 10_000 } : { accounts: 200, weekEvents: 400_000 },
      pollInterval: '15s',
    })
    let warehouse: RestRun
    try {
      warehouse = await restingWorker(ctx, 'warehouse', {
        entry,
        dataDir: warehouseDir,
        home: scratch,
        secrets: side.secrets,
        windowMs,
      })
    } finally {
      await side.close()
    }
    return {
      rows: [
        restRow(`Desktop worker at rest (demo, 5 s polls, ${seconds} s after its catch-up)`, demo),
        unpackedRow(unpacked),
        restRow(
          `Desktop worker at rest (PostgreSQL warehouse, ${side.accounts} accounts, 15 s polls, ${seconds} s after its catch-up)`,
          warehouse,
        ),
      ],
      data: {
        windowMs,
        demo,
        unpacked,
        warehouse: { ...warehouse, rows: side.rows, accounts: side.accounts },
      },
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
