// The table on stdout and bench/results.json.
import { writeFileSync } from 'node:fs'
import type { TableRow } from './benchContext.ts'
import type { Machine } from './machine.ts'

export const RESULTS_FILE = new URL('./results.json', import.meta.url)

export function machineLine(machine: Machine): string {
  return `${machine.cpu}, ${machine.cores} cores, ${machine.ramGB} GB RAM · ${machine.os} · Node ${machine.node} · PostgreSQL ${machine.postgres} · load ${machine.loadAtStart} at start`
}

export function formatTable(rows: readonly TableRow[]): string {
  const header: TableRow = {
    figure: 'figure',
    measured: 'measured',
    reference: 'reference (same run)',
    ratio: 'ratio',
    goal: 'goal',
    met: null,
  }
  const cells = (r: TableRow) => [
    r.figure,
    r.measured,
    r.reference,
    r.ratio,
    r.goal,
    r === header ? 'met' : r.met === null ? '' : r.met ? 'yes' : 'NO',
  ]
  const all = [header, ...rows].map(cells)
  const widths = (all[0] as string[]).map((_, i) => Math.max(...all.map((row) => (row[i] as string).length)))
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i] as number)).join(' │ ')
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─')
  return [line(all[0] as string[]), rule, ...all.slice(1).map(line)].join('\n')
}

export function writeResults(results: unknown): void {
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`)
}
