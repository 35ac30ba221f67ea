// What a process costs at rest, read from /proc: its resident size and CPU time once a second,
// and where its resident pages are (smaps_rollup: anonymous memory, the heap and native buffers,
// against file-backed pages, the binary and shared libraries, which other Node processes share).
import { readFileSync } from 'node:fs'

/** Linux reports CPU time in clock ticks of 1/100 s on every architecture Node runs on */
const TICKS_PER_SECOND = 100

export interface Sample {
  atMs: number
  rssMb: number
  cpuSeconds: number
}

export interface ResidentSplit {
  rssMb: number
  anonymousMb: number
  fileMb: number
}

export function sample(pid: number): Sample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1])
  // Fields 14 and 15 (utime, stime), counted after the command name's closing parenthesis.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  return { atMs: performance.now(), rssMb: rssKb / 1024, cpuSeconds: ticks / TICKS_PER_SECOND }
}

export function residentSplit(pid: number): ResidentSplit {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0)
  const rss = kb('Rss')
  const anonymous = kb('Anonymous')
  return { rssMb: rss / 1024, anonymousMb: anonymous / 1024, fileMb: (rss - anonymous) / 1024 }
}

export async function watch(pid: number, windowMs: number): Promise<Sample[]> {
  const samples = [sample(pid)]
  const end = performance.now() + windowMs
  while (performance.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    samples.push(sample(pid))
  }
  return samples
}

export function cpuPercent(samples: Sample[]): number {
  const first = samples[0] as Sample
  const last = samples[samples.length - 1] as Sample
  return (100 * (last.cpuSeconds - first.cpuSeconds)) / ((last.atMs - first.atMs) / 1000)
}
