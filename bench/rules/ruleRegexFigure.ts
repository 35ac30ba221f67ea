// A rule's matches() on hostile event text: RE2 (what rules run) on an overlapping alternation,
// ^(a|a)*$, over 1,000 to 100,000 characters that end in a mismatch, against the same pattern in
// JavaScript's backtracking RegExp (what the CEL library would run) over a few dozen characters.
import { performance } from 'node:perf_hooks'
import { compileCondition } from '../../main/core/rules/celCondition.ts'
import type { BenchContext, FigureResult } from '../benchContext.ts'

const PATTERN = '^(a|a)*$'

export async function ruleRegexFigure(ctx: BenchContext): Promise<FigureResult> {
  const condition = compileCondition(`event.url.matches(r"${PATTERN}")`)
  const re2 = [1_000, 10_000, 100_000].map((length) => {
    const url = `${'a'.repeat(length)}!`
    const ms = best(5, () => condition.evaluate({ event: { url }, account: {} }))
    return { length, ms, nsPerChar: (ms * 1e6) / length }
  })
  // Each character more doubles the backtracking: a few steps show the growth, more would stall.
  const lengths = ctx.options.quick ? [16, 18, 20] : [18, 20, 22, 24]
  const backtracking = lengths.map((length) => {
    const text = `${'a'.repeat(length)}!`
    const regex = new RegExp(PATTERN)
    return { length, ms: best(3, () => regex.test(text)) }
  })
  const first = re2[0] as (typeof re2)[number]
  const last = re2[re2.length - 1] as (typeof re2)[number]
  const perCharGrowth = last.nsPerChar / first.nsPerChar
  const b0 = backtracking[0] as (typeof backtracking)[number]
  const bN = backtracking[backtracking.length - 1] as (typeof backtracking)[number]
  const perStep = (bN.ms / b0.ms) ** (1 / (bN.length - b0.length))
  return {
    rows: [
      {
        figure: `matches("${PATTERN}"), hostile text`,
        measured: `RE2 ${last.ms.toFixed(1)} ms on ${last.length.toLocaleString('en')} chars (${last.nsPerChar.toFixed(0)} ns/char; ${first.nsPerChar.toFixed(0)} at 1,000)`,
        reference: `RegExp ${bN.ms.toFixed(0)} ms on ${bN.length} chars, ×${perStep.toFixed(2)} per char`,
        ratio: `time/char ×${perCharGrowth.toFixed(2)} over 100× the text`,
        goal: 'linear: time/char within 3× from 1k to 100k',
        met: perCharGrowth < 3,
      },
    ],
    data: { pattern: PATTERN, re2, backtracking, perCharGrowth, backtrackingGrowthPerChar: perStep },
  }
}

function best(runs: number, work: () => unknown): number {
  let fastest = Number.POSITIVE_INFINITY
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    work()
    fastest = Math.min(fastest, performance.now() - started)
  }
  return fastest
}
