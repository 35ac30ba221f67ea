import { createRequire } from 'node:module'
import type { SingleBar } from 'cli-progress'
import type { CatchUpProgress } from '../../core/pipeline/poller.ts'

// cli-progress is required when a bar is first shown: most runs never show one (a head poll, a
// run whose stderr is not a terminal), and loading it cost every `moments run` ~20 ms of its start.
const require = createRequire(import.meta.url)

const SHOW_AFTER_ROWS = 5_000

/**
 * A progress bar on stderr for a long catch-up (a first run, a laptop back after a week).
 * Progress is measured in warehouse load time covered, so it needs no COUNT(*) up front.
 */
export function catchUpProgress(enabled: boolean) {
  let bar: SingleBar | null = null
  return {
    update(progress: CatchUpProgress): void {
      if (!enabled) return
      if (!bar && progress.rows < SHOW_AFTER_ROWS) return
      const span = Math.max(1, progress.to - progress.from)
      const percent = Math.min(100, Math.max(0, Math.round(((progress.at - progress.from) / span) * 100)))
      if (!bar) {
        const { SingleBar: Bar } = require('cli-progress') as typeof import('cli-progress')
        bar = new Bar({
          format: 'catching up [{bar}] {percentage}% | {rows} rows | at {at}',
          stream: process.stderr,
          hideCursor: true,
          clearOnComplete: true,
        })
        bar.start(100, percent, { rows: progress.rows, at: iso(progress.at) })
      }
      bar.update(percent, { rows: progress.rows, at: iso(progress.at) })
    },
    stop(): void {
      bar?.stop()
      bar = null
    },
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ')
}
