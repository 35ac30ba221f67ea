// Child task: polls at the head of the cursor, nothing new, on each warehouse in turn (1 M and
// 10 M rows, the same last week), next to the brief's 5-minute re-query of the same warehouse.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadRules } from '../../main/core/rules/loadRules.ts'
import { openMomentsStore } from '../../main/core/store/store.ts'
import type { WireSession } from '../../main/core/warehouse/wire/wireSession.ts'
import { benchSession, pollStatement } from '../benchSession.ts'
import { type BenchLaptop, benchLaptop, DEFAULT_QUERY, type LaptopOptions } from '../laptop.ts'
import { briefPoll, briefQuery } from './briefBaseline.ts'

export interface PollCostArgs {
  warehouses: { label: string; url: string }[]
  /** A book with rows at the head (its cursor is near the warehouse's newest row) */
  book: { id: string; name: string }[]
  /** A book without a row in the last hours: before the cursor moved on the clock, it lagged */
  quietBook: { id: string; name: string }[]
  /** The data's "now": its newest loaded_at */
  end: string
  lookbackMs: number
  polls: number
}

export interface WarehouseCost {
  /** ms of each poll, as the laptop sees it (ownership, query, rows, store): the busy book */
  pollMs: number[]
  /** The quiet book, its cursor on the warehouse's clock */
  quietMs: number[]
  /** The quiet book as before: its cursor on its last row, lagging the head */
  laggingMs: number[]
  briefMs: number[]
  /**
   * ms of CPU the warehouse spent on each poll: its session's backend, read from the server's
   * /proc (the bench's PostgreSQL runs on this machine), for the same polls as above
   */
  pollCpuMs: number[]
  quietCpuMs: number[]
  briefCpuMs: number[]
  /** Minutes the lagging laptop's cursor is behind the data's head */
  laggingMinutes: number
  /** What the busy and the quiet laptop's sessions chose for their head polls, and why (their debug notes) */
  headPlans: { busy: string[]; quiet: string[] }
  /** Rows a poll re-read (all of them seen before) and rows the brief's query returned */
  pollRows: number
  briefRows: number
  /** EXPLAIN (ANALYZE, BUFFERS) of each query: server time and 8 kB pages touched */
  pollPlan: PlanCost
  quietPlan: PlanCost
  laggingPlan: PlanCost
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
      const headPlans: WarehouseCost['headPlans'] = { busy: [], quiet: [] }
      const noteTo =
        (notes: string[]) =>
        (details: Record<string, unknown>, message: string): void => {
          notes.push(`${message} ${JSON.stringify(details)}`)
        }
      const laptopOf = (
        name: string,
        book: PollCostArgs['book'],
        readClock: LaptopOptions['readClock'],
        note?: LaptopOptions['note'],
      ) =>
        benchLaptop({
          url: w.url,
          statePath: join(dir, `${name}-${i}.db`),
          book,
          lookbackMs: args.lookbackMs,
          // Far enough back for the quiet book's last rows: the lagging laptop's cursor starts there.
          backfillMs: 24 * 3_600_000,
          clock,
          readClock,
          note,
        })
      // The warehouse stays at its head: every read begins when its newest row was loaded.
      const atHead = () => end
      const laptop = laptopOf('busy', args.book, atHead, noteTo(headPlans.busy))
      const quiet = laptopOf('quiet', args.quietBook, atHead, noteTo(headPlans.quiet))
      const lagging = laptopOf('lagging', args.quietBook, 'none')
      // The first poll brings each laptop to the head; every later one finds nothing new. It also
      // opens the laptop's session: the backend that appears with it is the laptop's.
      const monitor = await benchSession(w.url, 600_000)
      const backends: number[] = []
      try {
        for (const l of [laptop, quiet, lagging]) {
          const before = await sessionBackends(monitor)
          await l.poller.poll()
          const opened = (await sessionBackends(monitor)).filter((pid) => !before.includes(pid))
          if (opened.length !== 1) throw new Error(`a laptop's first poll opened ${opened.length} sessions`)
          backends.push(opened[0] as number)
        }
      } finally {
        await monitor.end()
      }
      const briefStore = openMomentsStore(join(dir, `brief-${i}.db`))
      const briefSession = await benchSession(w.url, 600_000)
      const { rows } = await briefSession.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
      const [laptopBackend, quietBackend] = backends as [number, number]
      const briefBackend = Number(rows[0]?.pid)
      return {
        ...w,
        laptop,
        quiet,
        lagging,
        briefStore,
        briefSession,
        laptopBackend,
        quietBackend,
        briefBackend,
        headPlans,
      }
    }),
  )
  const book = args.book.map((a) => ({ ...a, people: [] }))
  const results: Record<string, WarehouseCost> = {}
  try {
    for (const side of sides) {
      results[side.label] = {
        pollMs: [],
        quietMs: [],
        laggingMs: [],
        briefMs: [],
        pollCpuMs: [],
        quietCpuMs: [],
        briefCpuMs: [],
        laggingMinutes: (end - (side.lagging.store.cursor.get('bench')?.loadedAtMs ?? end)) / 60_000,
        headPlans: side.headPlans,
        pollRows: 0,
        briefRows: 0,
        pollPlan: EMPTY_PLAN,
        quietPlan: EMPTY_PLAN,
        laggingPlan: EMPTY_PLAN,
        briefPlan: EMPTY_PLAN,
      }
    }
    for (let i = 0; i < args.polls; i++) {
      // Side by side: the warehouses take turns, so load on the machine hits them alike.
      for (const side of sides) {
        const result = results[side.label] as WarehouseCost
        const busyPoll = async () => {
          const t0 = performance.now()
          const cpu0 = backendCpuMs(side.laptopBackend)
          const report = await side.laptop.poller.poll()
          result.pollMs.push(performance.now() - t0)
          result.pollCpuMs.push(backendCpuMs(side.laptopBackend) - cpu0)
          result.pollRows = report.rows
        }
        const quietPoll = async () => {
          const t0 = performance.now()
          const cpu0 = backendCpuMs(side.quietBackend)
          await side.quiet.poller.poll()
          result.quietMs.push(performance.now() - t0)
          result.quietCpuMs.push(backendCpuMs(side.quietBackend) - cpu0)
        }
        // The poll right after the brief's re-query (of the other warehouse) was up to twice as slow,
        // whichever book it was: the lagging laptop (context, not a goal) goes there, and the two
        // books take turns after it.
        const lagged = performance.now()
        await side.lagging.poller.poll()
        result.laggingMs.push(performance.now() - lagged)
        for (const poll of i % 2 === 0 ? [busyPoll, quietPoll] : [quietPoll, busyPoll]) await poll()
        const t0 = performance.now()
        const cpu0 = backendCpuMs(side.briefBackend)
        result.briefRows = await briefPoll({
          client: side.briefSession.client,
          store: side.briefStore,
          rules,
          book,
          now: clock(),
        })
        result.briefMs.push(performance.now() - t0)
        result.briefCpuMs.push(backendCpuMs(side.briefBackend) - cpu0)
      }
    }
    // After the polls, warm: the median of a few, as one EXPLAIN swings with the machine's load.
    for (const side of sides) {
      const result = results[side.label] as WarehouseCost
      result.pollPlan = await medianPlan(side.url, headPollQuery(side.laptop, args.book, args))
      result.quietPlan = await medianPlan(side.url, headPollQuery(side.quiet, args.quietBook, args))
      result.laggingPlan = await medianPlan(side.url, headPollQuery(side.lagging, args.quietBook, args))
      result.briefPlan = await medianPlan(side.url, briefQuery(end))
    }
  } finally {
    for (const side of sides) {
      for (const l of [side.laptop, side.quiet, side.lagging]) await l.close()
      await side.briefSession.end()
      side.briefStore.close()
    }
    rmSync(dir, { recursive: true, force: true })
  }
  return results
}

/** The warehouse's sessions opened by Moments' code (laptops and bench sessions alike), this database */
async function sessionBackends(monitor: WireSession): Promise<number[]> {
  const { rows } = await monitor.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
     WHERE datname = current_database() AND application_name = 'moments' AND pid <> pg_backend_pid()`,
  )
  return rows.map((r) => Number(r.pid))
}

/** CPU time a server process has run, in ms: the first field of its schedstat is nanoseconds on CPU */
function backendCpuMs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6
}

/** The query the laptop's next poll sends: from the cursor less the lookback. */
function headPollQuery(laptop: BenchLaptop, book: PollCostArgs['book'], args: PollCostArgs) {
  const cursor = laptop.store.cursor.get('bench')
  if (!cursor) throw new Error('the first poll found no rows: no cursor at the head')
  return pollStatement(
    DEFAULT_QUERY,
    { loadedAt: new Date(cursor.loadedAtMs - args.lookbackMs).toISOString(), eventId: '' },
    book.map((a) => a.id),
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

/**
 * On one session, as a laptop keeps its own: a new session's first plan of the view pays for its
 * empty catalog caches (16–18 ms of planning under load, against 1.7 ms on a kept session).
 */
async function medianPlan(url: string, query: { text: string; values: unknown[] }): Promise<PlanCost> {
  const session = await benchSession(url, 600_000)
  try {
    await explain(session, query)
    const plans: PlanCost[] = []
    for (let i = 0; i < 5; i++) plans.push(await explain(session, query))
    plans.sort((a, b) => a.executionMs - b.executionMs)
    return plans[2] as PlanCost
  } finally {
    await session.end()
  }
}

async function explain(session: WireSession, query: { text: string; values: unknown[] }): Promise<PlanCost> {
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
