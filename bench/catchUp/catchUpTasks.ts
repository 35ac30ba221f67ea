// The two sides of the catch-up figure, each run in a child process: the whole pipeline over the
// rows of a long absence, and the raw COPY stream of the very same rows.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { boundPipelineHeap } from '../../main/cli/pipelineHeap.ts'
import { benchSession, pollStatement } from '../benchSession.ts'
import { copyOut, inlineParameters } from '../copyOut.ts'
import { benchLaptop, DEFAULT_QUERY } from '../laptop.ts'

export interface CatchUpArgs {
  url: string
  book: { id: string; name: string }[]
  /** The first poll reads from here: before the oldest row */
  from: string
}

export interface CatchUpRun {
  rows: number
  seconds: number
  rowsPerSecond: number
  peakRssMB: number
  /** CPU seconds of this process (user + system): the Node side's own cost */
  cpuSeconds: number
  /** V8 heap at the end (MB): what of the peak RSS is the JavaScript heap */
  heapMB?: { total: number; used: number; external: number }
  /** Pipeline only: the process's memory when its RSS was highest (MB, sampled every 100 ms) */
  atPeakMB?: MemoryParts
  /** Pipeline only: bytes the process wrote (MB; Linux /proc/self/io `wchar`: the WAL and its checkpoints) */
  writtenMB?: number | null
  /** Pipeline only: seconds inside the batches' SQLite transactions (filter, rules, snooze, store) */
  recordSeconds?: number
  moments?: number
  suppressed?: number
}

/** poll → filter → rules → snooze → store: one first poll that reads every row since `from`. */
export async function catchUpPipeline(args: CatchUpArgs): Promise<CatchUpRun> {
  // As `moments run` does before its first poll.
  boundPipelineHeap()
  const dir = mkdtempSync(join(tmpdir(), 'moments-bench-catchup-'))
  const started = Date.now()
  const laptop = benchLaptop({
    url: args.url,
    statePath: join(dir, 'moments.db'),
    book: args.book,
    lookbackMs: 120_000,
    backfillMs: started - Date.parse(args.from),
    clock: Date.now,
  })
  try {
    // Where the time goes: recording a batch is synchronous; the rest is reading rows.
    let recording = 0
    const transaction = laptop.store.transaction
    laptop.store.transaction = (work) => {
      const t = performance.now()
      try {
        return transaction(work)
      } finally {
        recording += performance.now() - t
      }
    }
    const writtenBefore = bytesWritten()
    const peak = memoryPeak()
    const t0 = performance.now()
    const report = await laptop.poller.poll().finally(peak.stop)
    const seconds = (performance.now() - t0) / 1000
    return {
      rows: report.rows,
      seconds,
      rowsPerSecond: report.rows / seconds,
      peakRssMB: peakRssMB(),
      cpuSeconds: cpuSeconds(),
      recordSeconds: recording / 1000,
      heapMB: heapMB(),
      atPeakMB: peak.parts,
      writtenMB:
        writtenBefore === null ? null : Math.round(((bytesWritten() ?? 0) - writtenBefore) / 2 ** 20),
      moments: report.delivered + report.snoozed,
      suppressed: report.suppressed,
    }
  } finally {
    await laptop.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The reference: the same query text and values, as `COPY (…) TO STDOUT`, counted by Node. */
export async function catchUpCopy(args: CatchUpArgs): Promise<CatchUpRun> {
  const session = await benchSession(args.url)
  try {
    const query = pollStatement(
      DEFAULT_QUERY,
      { loadedAt: args.from, eventId: '' },
      args.book.map((a) => a.id),
    )
    const t0 = performance.now()
    const { rows } = await copyOut(session.client, inlineParameters(query))
    const seconds = (performance.now() - t0) / 1000
    return { rows, seconds, rowsPerSecond: rows / seconds, peakRssMB: peakRssMB(), cpuSeconds: cpuSeconds() }
  } finally {
    await session.end()
  }
}

export function peakRssMB(): number {
  return process.resourceUsage().maxRSS / 1024
}

export function cpuSeconds(): number {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1e6
}

function heapMB(): { total: number; used: number; external: number } {
  const m = process.memoryUsage()
  const mb = (n: number) => Math.round(n / 2 ** 20)
  return { total: mb(m.heapTotal), used: mb(m.heapUsed), external: mb(m.external) }
}

/** Bytes written through write(2) by this process so far; null where /proc/self/io is not there. */
function bytesWritten(): number | null {
  try {
    const match = /^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))
    return match ? Number(match[1]) : null
  } catch {
    return null
  }
}

export interface MemoryParts {
  rss: number
  heapTotal: number
  heapUsed: number
  /** Memory V8 holds outside its heap for JavaScript objects (Buffers among it) */
  external: number
}

/** Where the RSS is when it is highest: the V8 heap, or memory outside it (SQLite, pg's buffers). */
function memoryPeak() {
  const mb = (n: number) => Math.round(n / 2 ** 20)
  const parts: MemoryParts = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0 }
  const sample = () => {
    const m = process.memoryUsage()
    if (mb(m.rss) <= parts.rss) return
    Object.assign(parts, {
      rss: mb(m.rss),
      heapTotal: mb(m.heapTotal),
      heapUsed: mb(m.heapUsed),
      external: mb(m.external),
    })
  }
  const timer = setInterval(sample, 100)
  return {
    parts,
    stop() {
      clearInterval(timer)
      sample()
    },
  }
}
