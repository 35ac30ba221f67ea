import type { ReadNote } from '../../eventSource.ts'

// Which plan a PostgreSQL session reads its head polls with, decided from the polls' own timings.
//
// A head poll reads a few rows, yet planning the statement (the user's view, its branches) costs
// the warehouse most of the poll. A generic plan is made once and kept by the session; with hash
// and merge joins off it probes the view's tables by index (bench/README.md, head poll). Whether it
// is the better plan depends on the user's query, which Moments does not know: so the session tries
// it against the custom plan on a few head polls, keeps it only if it is clearly faster, and keeps
// checking.

export type HeadPlan = 'custom' | 'generic'

export interface HeadPlanTuning {
  /** Timed head polls of each plan before choosing (a generic plan's first run, which makes it, is not timed) */
  samples: number
  /** The generic plan is kept when its fastest run is below this share of the custom plan's fastest (and its median below the custom plan's) */
  clearlyFaster: number
  /** Head polls between re-checks of the choice */
  recheckEvery: number
  /** A chosen generic plan this many times the custom plan's median… */
  slowerBy: number
  /** …this many head polls in a row is dropped */
  slowPolls: number
  /** A generic read's statement timeout: this many times the custom plan's median… */
  timeoutFactor: number
  /** …never less than this, in ms… */
  timeoutFloorMs: number
  /** …nor more: the first try follows a session's first read, which may have been a catch-up */
  timeoutCeilingMs: number
}

export const HEAD_PLAN_TUNING: HeadPlanTuning = {
  samples: 3,
  clearlyFaster: 0.8,
  recheckEvery: 100,
  slowerBy: 2,
  slowPolls: 3,
  timeoutFactor: 10,
  // Under load a head poll's statement that takes 2 ms may wait 30–50 ms for a core: a timeout
  // that short would drop a good plan for the machine's load.
  timeoutFloorMs: 250,
  timeoutCeilingMs: 2_000,
}

export class HeadPlanChoice {
  private phase: 'trial' | HeadPlan = 'trial'
  private customMs: number[] = []
  private genericMs: number[] = []
  /** The session holds the generic plan: its next run is timed like any other */
  private genericMade = false
  /** The custom plan's median at the last choice, what a chosen generic plan is held against */
  private customMedian: number | null = null
  private sinceChoice = 0
  private slowInARow = 0

  constructor(
    private readonly note: ReadNote = () => {},
    private readonly tuning: HeadPlanTuning = HEAD_PLAN_TUNING,
  ) {}

  /** The plan of the next head poll */
  next(): HeadPlan {
    if (this.phase !== 'trial') return this.phase
    if (!this.genericMade) return 'generic'
    return this.customMs.length <= this.genericMs.length ? 'custom' : 'generic'
  }

  /** A generic read's statement timeout, from the custom plan's times (`lastCustomMs`: the session's last custom read) */
  genericTimeoutMs(lastCustomMs: number): number {
    const custom = this.customMedian ?? median(this.customMs) ?? lastCustomMs
    const derived = Math.ceil(this.tuning.timeoutFactor * custom)
    return Math.min(this.tuning.timeoutCeilingMs, Math.max(this.tuning.timeoutFloorMs, derived))
  }

  /** A head poll read with `plan` in `ms`, as the laptop saw the exchange */
  record(plan: HeadPlan, ms: number): void {
    if (this.phase === 'trial') {
      if (plan === 'generic' && !this.genericMade) {
        this.genericMade = true
        return
      }
      ;(plan === 'custom' ? this.customMs : this.genericMs).push(ms)
      if (Math.min(this.customMs.length, this.genericMs.length) >= this.tuning.samples) this.choose()
      return
    }
    this.sinceChoice++
    if (plan === 'generic' && this.customMedian !== null) {
      this.slowInARow = ms > this.tuning.slowerBy * this.customMedian ? this.slowInARow + 1 : 0
      if (this.slowInARow >= this.tuning.slowPolls) {
        this.note(
          {
            plan: 'custom',
            genericMs: round(ms),
            customMedianMs: round(this.customMedian),
            polls: this.slowInARow,
          },
          'head poll plan: the generic plan got slower than the custom one; back to custom plans',
        )
        this.settle('custom')
        return
      }
    }
    if (this.sinceChoice >= this.tuning.recheckEvery) this.recheck()
  }

  /** A generic read ran past its timeout: the plan is dropped until the next re-check */
  timedOut(timeoutMs: number): void {
    this.note(
      { plan: 'custom', timeoutMs },
      'head poll plan: the generic plan ran past its timeout; custom plans',
    )
    // The server may have cancelled it before it made its plan.
    this.genericMade = false
    this.customMedian ??= median(this.customMs)
    this.settle('custom')
  }

  /** The session cannot keep a named statement (a pooler between it and the server): custom plans for good */
  unavailable(): void {
    this.note(
      { plan: 'custom' },
      'head poll plan: the session does not keep its named statement; custom plans',
    )
    this.settle('custom')
    this.sinceChoice = Number.NEGATIVE_INFINITY
  }

  private choose(): void {
    const custom = median(this.customMs) as number
    const generic = median(this.genericMs) as number
    // The machine's load only ever adds to a time: each plan's fastest run is the nearest to what it
    // costs, its median says the fastest was no fluke. Measured on a loaded 2-core machine (load 7),
    // medians of three: custom 4.7, generic 4.3 ms (fastest 4.4 and 2.7), the generic plan costing
    // the warehouse half the CPU; the medians alone kept the custom plan.
    const clearly =
      Math.min(...this.genericMs) < this.tuning.clearlyFaster * Math.min(...this.customMs) && generic < custom
    const plan: HeadPlan = clearly ? 'generic' : 'custom'
    this.customMedian = custom
    this.note(
      {
        plan,
        customMedianMs: round(custom),
        genericMedianMs: round(generic),
        customMs: this.customMs.map(round),
        genericMs: this.genericMs.map(round),
      },
      plan === 'generic'
        ? 'head poll plan: generic, clearly faster than custom plans on this session'
        : 'head poll plan: custom, the generic plan was not clearly faster on this session',
    )
    this.settle(plan)
  }

  private settle(plan: HeadPlan): void {
    this.phase = plan
    this.customMs = []
    this.genericMs = []
    this.sinceChoice = 0
    this.slowInARow = 0
  }

  private recheck(): void {
    this.phase = 'trial'
    this.customMs = []
    this.genericMs = []
  }
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100
}
