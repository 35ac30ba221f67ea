// Child task: polls at the head of the cursor, nothing new, on each warehouse in turn (1 M and
// 10 M rows, the same last week), next to the brief's 5-minute re-query of the same warehouse.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadRules } from '../../main/core/rules/loadRules.ts'
import { openMomentsStore } from '../../main/core/store/store.ts'
import { benchSession, pollStatement } from '../benchSession.ts'
import { type BenchLaptop, benchLaptop, DEFAULT_QUERY } from '../laptop.ts'
import { briefPoll, briefQuery } from './briefBaseline.ts'

export interface PollCostArgs {
  warehouses: { label: string; url: string }[]
  book: { id: string; name: string }[]
  /** The data's "now": its newest loaded_at */
  end: string
  lookbackMs: number
  polls: number
}

export interface WarehouseCost {
  /** ms of each poll, as the laptop sees it (ownership, query, rows, store) */
  pollMs: number[]
  briefMs: number[]
  /** Rows a poll re-read (all of them seen before) and rows the brief's query returned */
  pollRows: number
  briefRows: number
  /** EXPLAIN (ANALYZE, BUFFERS) of each query: server time and 8 kB pages touched */
  pollPlan: PlanCost
  briefPlan: PlanCost
}

export interface PlanCost {
  executionMs: number
  planningMs: number
  sharedBlocks: number
  scans: string[]
}

export async function pollCost(args: PollCostArgs): Promise<Record<string, WarehouseCost>> {
  const end = Date.parse(args.end)
  const skew = Date.now() - end
  const clock = () => Date.now() - skew
  const dir = mkdtempSync(join(tmpdir(), 'moments-bench-pollcost-'))
  const rules = loadRules({ kind: 'default' })
  const sides = await Promise.all(
    args.warehouses.map(async (w, i) => {
      const laptop = benchLaptop({
        url: w.url,
        statePath: join(dir, `laptop-${i}.db`),
        book: args.book,
        lookbackMs: args.lookbackMs,
        backfillMs: 10 * 60_000,
        clock,
      })
      // The first poll brings the laptop to the head; every later one finds nothing new.
      await laptop.poller.poll()
      const briefStore = openMomentsStore(join(dir, `brief-${i}.db`))
      const briefSession = await benchSession(w.url, 600_000)
      return { ...w, laptop, briefStore, briefSession }
    }),
  )
  const book = args.book.map((a) => ({ ...a, people: [] }))
  const results: Record<string, WarehouseCost> = {}
  try {
    for (const side of sides) {
      results[side.label] = {
        pollMs: [],
        briefMs: [],
        pollRows: 0,
        briefRows: 0,
        pollPlan: EMPTY_PLAN,
        briefPlan: EMPTY_PLAN,
      }
    }
    for (let i = 0; i < args.polls; i++) {
      // Side by side: the warehouses take turns, so load on the machine hits them alike.
      for (const side of sides) {
        const result = results[side.label] as WarehouseCost
        let t0 = performance.now()
        const report = await side.laptop.poller.poll()
        result.pollMs.push(performance.now() - t0)
        result.pollRows = report.rows
        t0 = performance.now()
        result.briefRows = await briefPoll({
          client: side.briefSession.client,
          store: side.briefStore,
          rules,
          book,
          now: clock(),
        })
        result.briefMs.push(performance.now() - t0)
      }
    }
    // After the polls, warm: the median of a few, as one EXPLAIN swings with the machine's load.
    for (const side of sides) {
      const result = results[side.label] as WarehouseCost
      result.pollPlan = await medianPlan(side.url, headPollQuery(side.laptop, args))
      result.briefPlan = await medianPlan(side.url, briefQuery(end))
    }
  } finally {
    for (const side of sides) {
      await side.laptop.close()
      await side.briefSession.end()
      side.briefStore.close()
    }
    rmSync(dir, { recursive: true, force: true })
  }
  return results
}

/** The query the laptop's next poll sends: from the cursor less the lookback. */
function headPollQuery(laptop: BenchLaptop, args: PollCostArgs) {
  const cursor = laptop.store.cursor.get('bench')
  if (!cursor) throw new Error('the first poll found no rows: no cursor at the head')
  return pollStatement(
    DEFAULT_QUERY,
    { loadedAt: new Date(cursor.loadedAtMs - args.lookbackMs).toISOString(), eventId: '' },
    args.book.map((a) => a.id),
  )
}

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  'Shared Hit Blocks'?: number
  'Shared Read Blocks'?: number
  Plans?: PlanNode[]
}

const EMPTY_PLAN: PlanCost = { executionMs: 0, planningMs: 0, sharedBlocks: 0, scans: [] }

async function medianPlan(url: string, query: { text: string; values: unknown[] }): Promise<PlanCost> {
  const plans: PlanCost[] = []
  for (let i = 0; i < 5; i++) plans.push(await explain(url, query))
  plans.sort((a, b) => a.executionMs - b.executionMs)
  return plans[2] as PlanCost
}

export async function explain(url: string, query: { text: string; values: unknown[] }): Promise<PlanCost> {
  const session = await benchSession(url, 600_000)
  try {
    const { rows } = await session.query<Record<string, PlanJson>>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${query.text}`,
      query.values,
    )
    const top = (rows[0] as Record<string, PlanJson>)['QUERY PLAN']?.[0] as {
      Plan: PlanNode
      'Execution Time': number
      'Planning Time': number
    }
    return {
      executionMs: top['Execution Time'],
      planningMs: top['Planning Time'],
      sharedBlocks: (top.Plan['Shared Hit Blocks'] ?? 0) + (top.Plan['Shared Read Blocks'] ?? 0),
      scans: scans(top.Plan),
    }
  } finally {
    await session.end()
  }
}

type PlanJson = unknown[]

function scans(node: PlanNode): string[] {
  const own = node['Relation Name']
    ? [
        `${node['Node Type']} on ${node['Relation Name']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`,
      ]
    : []
  return [...own, ...(node.Plans ?? []).flatMap(scans)]
}
