// What every figure gets, and what it gives back for the table and bench/results.json.
import type { BenchPostgres } from './benchPostgres.ts'
import type { BenchOptions } from './options.ts'
import type { WarehouseSpec } from './warehouseData.ts'

export interface BenchContext {
  options: BenchOptions
  server: BenchPostgres
  sizes: BenchSizes
  /** Progress on stderr */
  say(line: string): void
}

export interface TableRow {
  figure: string
  measured: string
  reference: string
  /** measured ÷ reference (or the inverse, as the goal reads) */
  ratio: string
  goal: string
  /** null: no goal to meet (context only) */
  met: boolean | null
}

export interface FigureResult {
  rows: TableRow[]
  data: unknown
}

/** The newest loaded_at of the bench warehouses: a Wednesday afternoon, office hours on two continents. */
export const DATA_END = new Date('2026-11-25T15:00:00Z')

export interface BenchSizes {
  catchUp: WarehouseSpec
  /** The same size, in the generator's `highlights` mix: at least a quarter of the rows become moments */
  catchUpBusy: WarehouseSpec
  head1m: WarehouseSpec
  head10m: WarehouseSpec
  /** Accounts a laptop owns */
  bookSize: number
  headPolls: number
  latency: { durationMs: number; pollIntervalMs: number; rowsPerSecond: number }
  fleet: { steps: number[]; pollIntervalMs: number; measureMs: number; poolSize: number }
  search: { moments: number; poolDays: number; repeats: number; likeRepeats: number }
}

const CATCH_UP_1M: WarehouseSpec = {
  name: 'catchup_1m',
  seed: 12,
  accounts: 200,
  regions: 1,
  weekEvents: 108_000,
  weeks: 10,
  end: DATA_END,
}

const FULL: BenchSizes = {
  // ~1,000,000 rows of the owned accounts: 200 accounts, ten weeks of the generator's week.
  catchUp: CATCH_UP_1M,
  catchUpBusy: { ...CATCH_UP_1M, name: 'catchup_1m_highlights', mix: 'highlights' },
  // 20,000 accounts (ten regions of the generator's 2,000); the same last week, 1 and 10 weeks deep.
  head1m: {
    name: 'head_1m',
    seed: 11,
    accounts: 2_000,
    regions: 10,
    weekEvents: 100_000,
    weeks: 1,
    end: DATA_END,
  },
  head10m: {
    name: 'head_10m',
    seed: 11,
    accounts: 2_000,
    regions: 10,
    weekEvents: 100_000,
    weeks: 10,
    end: DATA_END,
  },
  bookSize: 20,
  headPolls: 30,
  latency: { durationMs: 60_000, pollIntervalMs: 5_000, rowsPerSecond: 20 },
  fleet: {
    steps: [100, 250, 500, 1_000, 2_000, 3_000, 4_000, 6_000, 8_000],
    pollIntervalMs: 15_000,
    measureMs: 30_000,
    poolSize: 64,
  },
  search: { moments: 1_000_000, poolDays: 7, repeats: 20, likeRepeats: 2 },
}

const CATCH_UP_QUICK: WarehouseSpec = {
  name: 'catchup_quick',
  seed: 12,
  accounts: 50,
  regions: 1,
  weekEvents: 20_000,
  weeks: 1,
  end: DATA_END,
}

const QUICK: BenchSizes = {
  catchUp: CATCH_UP_QUICK,
  catchUpBusy: { ...CATCH_UP_QUICK, name: 'catchup_quick_highlights', mix: 'highlights' },
  head1m: {
    name: 'head_quick_1',
    seed: 11,
    accounts: 200,
    regions: 2,
    weekEvents: 10_000,
    weeks: 1,
    end: DATA_END,
  },
  head10m: {
    name: 'head_quick_10',
    seed: 11,
    accounts: 200,
    regions: 2,
    weekEvents: 10_000,
    weeks: 10,
    end: DATA_END,
  },
  bookSize: 5,
  headPolls: 5,
  latency: { durationMs: 11_000, pollIntervalMs: 5_000, rowsPerSecond: 20 },
  fleet: { steps: [100], pollIntervalMs: 2_000, measureMs: 4_000, poolSize: 8 },
  search: { moments: 50_000, poolDays: 7, repeats: 3, likeRepeats: 1 },
}

export const benchSizes = (quick: boolean): BenchSizes => (quick ? QUICK : FULL)
