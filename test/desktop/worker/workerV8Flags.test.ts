// The worker's V8 flags do what they are for: after a burst of allocation like a catch-up's (rows
// that live a little while, then go), a process started with them keeps a small young generation,
// where a process started without them keeps the large one it grew; and WebAssembly (the demo's
// PGlite) stays on V8's baseline compiler.
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import {
  nodeExecArgv,
  utilityProcessExecArgv,
  WORKER_V8_FLAGS,
} from '../../../main/desktop/worker/workerV8Flags.ts'
import { hotWasmTier } from '../../support/wasmTier.ts'

// Batches of objects that survive a scavenge or two (as a poll's rows do until their batch is
// stored), then the new space's size in MB once the burst is over.
const BURST = `
const v8 = require('node:v8')
let kept = []
for (let batch = 0; batch < 30; batch++) {
  const rows = []
  for (let i = 0; i < 5000; i++) rows.push({ id: batch * 5000 + i, text: 'row ' + i, at: new Date() })
  kept.push(rows)
  if (kept.length > 8) kept.shift()
}
kept = null
const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')
process.stdout.write(String(space.space_size / 1048576))
`

function newSpaceMb(execArgv: string[]): number {
  return Number(execFileSync(process.execPath, [...execArgv, '-e', BURST], { encoding: 'utf8' }))
}

describe("the pipeline worker's V8 flags", () => {
  it('keep the young generation small after a burst, where the defaults keep it large', () => {
    const defaults = newSpaceMb([])
    const flagged = newSpaceMb(nodeExecArgv())
    expect(defaults).toBeGreaterThan(8)
    expect(flagged).toBeLessThanOrEqual(8)
  }, 30_000)

  it('keep a hot WebAssembly function on the baseline compiler, where the defaults tier it up', () => {
    expect(hotWasmTier([])).toBe('turbofan')
    expect(hotWasmTier(nodeExecArgv())).toBe('baseline')
  }, 30_000)

  it('reach a utility process as one --js-flags switch holding them all', () => {
    expect(utilityProcessExecArgv()).toEqual([`--js-flags=${WORKER_V8_FLAGS.join(' ')}`])
    expect(WORKER_V8_FLAGS.every((flag) => flag.startsWith('--'))).toBe(true)
  })
})
