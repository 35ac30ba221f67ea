// Child task: the history window's search over a store of N moments. The moments are made the real
// way (warehouse rows through the pipeline), then cloned in SQL, a week further back per copy,
// until the store holds N (~10 months of a busy book at 1,000,000); the FTS index is written as the
// store writes it. Then retention (180 days) is run to the end, pass by pass as after polls, and
// the file, the search and the start-up are measured again.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { historyRetention } from '../../main/core/retention/historyRetention.ts'
import type { HistoryQuery } from '../../main/core/store/historyQuery.ts'
import { type Db, openStore } from '../../main/core/store/openStore.ts'
import { createStore, type Store } from '../../main/core/store/store.ts'
import { COUNT_CAP } from '../../main/desktop/service/historyService.ts'
import { benchLaptop } from '../laptop.ts'
import { median } from '../stats.ts'

export interface SearchArgs {
  url: string
  book: { id: string; name: string }[]
  /** The warehouse rows made into the pool of moments: loaded in [from, to) */
  from: string
  moments: number
  repeats: number
  likeRepeats: number
}

export interface SearchRun {
  moments: number
  poolMoments: number
  buildSeconds: number
  /** Each search: its hits and its median and slowest time, FTS and LIKE */
  queries: {
    text: string
    hits: number
    ftsMs: number
    ftsMaxMs: number
    windowMs: number
    likeMs: number
    threadMs: number
    /** The slowest of the threaded search's runs: which words make its p99 */
    threadMaxMs: number
    threadHits: number
  }[]
  /** ms per search: the first page (100, newest first) and the exact total, as `history --search` asks */
  ftsMs: number[]
  /** ms per search: the first page and the total counted to the window's cap, flat, no other filter */
  windowMs: number[]
  likeMs: number[]
  /** ms per search as the history window asks since threads: first page of threads, their repeats, the total */
  threadMs: number[]
  retention: RetentionRun
}

/** The store before and after retention ran to the end. */
export interface RetentionRun {
  days: number
  before: StoreShape
  after: StoreShape
  prunedMoments: number
  passes: number
  /** The longest pass: what one poll's after-work waited on */
  maxPassMs: number
  pruneSeconds: number
}

export interface StoreShape {
  moments: number
  bytes: number
  /** Opening the state file and reading the history's first page and total: median of 5 */
  startMs: number
  /** The same searches, FTS, each repeated: ms per search */
  ftsMs: number[]
}

const RETENTION_DAYS = 180

const WEEK_MS = 7 * 86_400_000
const PAGE = 100

export async function historySearch(args: SearchArgs): Promise<SearchRun> {
  const dir = mkdtempSync(join(tmpdir(), 'moments-bench-search-'))
  const laptop = benchLaptop({
    url: args.url,
    statePath: join(dir, 'moments.db'),
    book: args.book,
    lookbackMs: 120_000,
    backfillMs: Date.now() - Date.parse(args.from),
  })
  try {
    const t0 = performance.now()
    await laptop.poller.poll()
    const store = laptop.store
    // The bench's own SQL (cloning, the LIKE baseline) on a connection of its own to the same file.
    const db = openStore(join(dir, 'moments.db'))
    const poolMoments = count(db)
    cloneMoments(db, args.moments - poolMoments)
    const buildSeconds = (performance.now() - t0) / 1000
    const texts = searchTexts(db)
    const fts = texts.map(() => [] as number[])
    const like = texts.map(() => [] as number[])
    for (let r = 0; r < args.repeats; r++)
      for (const [i, text] of texts.entries()) fts[i]?.push(timed(() => ftsSearch(store, text)))
    const windowed = texts.map(() => [] as number[])
    for (let r = 0; r < args.repeats; r++)
      for (const [i, text] of texts.entries()) windowed[i]?.push(timed(() => windowSearch(store, text)))
    const threaded = texts.map(() => [] as number[])
    for (let r = 0; r < args.repeats; r++)
      for (const [i, text] of texts.entries()) threaded[i]?.push(timed(() => threadSearch(store, text)))
    for (let r = 0; r < args.likeRepeats; r++)
      for (const [i, text] of texts.entries()) like[i]?.push(timed(() => likeSearch(db, text)))
    const queries = texts.map((text, i) => ({
      text,
      hits: store.moments.count({ search: text }),
      ftsMs: median(fts[i] as number[]),
      ftsMaxMs: Math.max(...(fts[i] as number[])),
      windowMs: median(windowed[i] as number[]),
      threadMs: median(threaded[i] as number[]),
      threadMaxMs: Math.max(...(threaded[i] as number[])),
      threadHits: store.moments.count({ search: text, threads: true }),
      likeMs: median(like[i] as number[]),
    }))
    const total = count(db)
    const path = join(dir, 'moments.db')
    const shape = (ms: number[]): StoreShape => {
      db.pragma('wal_checkpoint(TRUNCATE)')
      return { moments: count(db), bytes: fileBytes(path), startMs: startUp(path), ftsMs: ms }
    }
    const before = shape(fts.flat())
    const pruner = historyRetention({
      store,
      retentionMs: RETENTION_DAYS * 86_400_000,
      log: pino({ level: 'silent' }),
    })
    let passes = 0
    let maxPassMs = 0
    let prunedMoments = 0
    const p0 = performance.now()
    for (;;) {
      const t = performance.now()
      const pass = await pruner.afterPoll()
      maxPassMs = Math.max(maxPassMs, performance.now() - t)
      if (pass.moments === 0 && pass.freedBytes === 0) break
      passes++
      prunedMoments += pass.moments
    }
    const pruneSeconds = (performance.now() - p0) / 1000
    const ftsAfter: number[] = []
    for (let r = 0; r < args.repeats; r++)
      for (const text of texts) ftsAfter.push(timed(() => ftsSearch(store, text)))
    const after = shape(ftsAfter)
    db.close()
    return {
      retention: { days: RETENTION_DAYS, before, after, prunedMoments, passes, maxPassMs, pruneSeconds },
      moments: total,
      poolMoments,
      buildSeconds,
      queries,
      ftsMs: fts.flat(),
      windowMs: windowed.flat(),
      likeMs: like.flat(),
      threadMs: threaded.flat(),
    }
  } finally {
    await laptop.close()
    if (process.env.BENCH_KEEP_STORE) console.error(`kept ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

function fileBytes(path: string): number {
  const size = (p: string) => {
    try {
      return statSync(p).size
    } catch {
      return 0
    }
  }
  return size(path) + size(`${path}-wal`)
}

/** What a start does with the state file before the history shows: open it, first page, total. */
function startUp(path: string): number {
  const samples: number[] = []
  for (let i = 0; i < 5; i++) {
    samples.push(
      timed(() => {
        const db = openStore(path, { readonly: true })
        const store = createStore(db)
        store.moments.list({}, { limit: PAGE })
        store.moments.count({})
        db.close()
      }),
    )
  }
  return median(samples)
}

function timed(work: () => void): number {
  const t0 = performance.now()
  work()
  return performance.now() - t0
}

/** What `moments history --search` reads: its first page and the exact total. */
function ftsSearch(store: Store, search: string): void {
  const query: HistoryQuery = { search }
  store.moments.list(query, { limit: PAGE })
  store.moments.count(query)
}

/** The flat page and the total as `countUpTo` counts it to the window's cap (a frequent word: in the index). */
function windowSearch(store: Store, search: string): void {
  const query: HistoryQuery = { search }
  store.moments.list(query, { limit: PAGE })
  store.moments.countUpTo(query, COUNT_CAP)
}

/**
 * The same in the threaded history, as the window's list request asks it (historyService.ts): the
 * first page of threads, each one's matching repeats, and the total counted up to its cap.
 */
function threadSearch(store: Store, search: string): void {
  const query: HistoryQuery = { search, threads: true }
  const page = store.moments.list(query, { limit: PAGE })
  store.threads.repeatsOf(
    page.filter((m) => m.status === 'delivered').map((m) => m.seq),
    search,
  )
  store.moments.countUpTo(query, COUNT_CAP)
}

/** The same page and total with LIKE '%word%' over the same three columns, every word required. */
function likeSearch(db: Db, search: string): void {
  const words = search.split(/\s+/).filter(Boolean)
  const params: Record<string, string> = {}
  const where = words
    .map((word, i) => {
      params[`w${i}`] = `%${word}%`
      return `(m.title LIKE @w${i} OR m.body LIKE @w${i} OR m.account_name LIKE @w${i})`
    })
    .join(' AND ')
  db.prepare(
    `SELECT m.* FROM moments m WHERE ${where} ORDER BY m.occurred_at DESC, m.seq DESC LIMIT ${PAGE}`,
  ).all(params)
  db.prepare(`SELECT count(*) AS n FROM moments m WHERE ${where}`).get(params)
}

function count(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM moments').get() as { n: number }).n
}

/**
 * Copies of the pool, each a week older, with their own ids, indexed as the store indexes a moment.
 * A copy is a week of its own: its snoozed repeats belong to the copy of their delivered moment,
 * the thread the pipeline would have given them, so threads stay the size of the pool's (until
 * round three the copies kept their original's thread_seq, and the pool's ~2,000 threads grew to
 * ~340 repeats on average, up to ~3,700: an upper bound no real week makes). The pool is copied
 * thread by thread (each delivered moment before its repeats), so the last, partial copy stops
 * inside a thread at worst, never leaving a repeat without its delivered moment.
 */
export function cloneMoments(db: Db, wanted: number): void {
  if (wanted <= 0) return
  const columns = (db.prepare('PRAGMA table_info(moments)').all() as { name: string }[])
    .map((c) => c.name)
    .filter((name) => name !== 'seq')
  const select = (n: number) =>
    columns.map((c) =>
      c === 'id'
        ? `id || '-${n}'`
        : c === 'occurred_at' || c === 'loaded_at' || c === 'recorded_at'
          ? `${c} - ${n * WEEK_MS}`
          : c,
    )
  const pool = count(db)
  const last = (db.prepare('SELECT max(seq) AS n FROM moments').get() as { n: number }).n
  db.transaction(() => {
    for (let n = 1, left = wanted; left > 0; n++, left -= pool)
      db.prepare(
        `INSERT INTO moments (${columns.join(', ')})
         SELECT ${select(n).join(', ')} FROM moments WHERE seq <= ${last}
         ORDER BY coalesce(thread_seq, seq), thread_seq IS NOT NULL, seq LIMIT ${Math.min(left, pool)}`,
      ).run()
    // A copied repeat still names its original's delivered moment: point it at that moment's copy
    // (the same suffix on the original's id).
    db.prepare(
      `UPDATE moments AS r SET thread_seq = (
         SELECT c.seq FROM moments o JOIN moments c ON c.id = o.id || substr(r.id, instr(r.id, '-'))
         WHERE o.seq = r.thread_seq)
       WHERE r.seq > ? AND r.thread_seq IS NOT NULL`,
    ).run(last)
    db.prepare(
      `INSERT INTO moments_fts (rowid, title, body, account_name)
       SELECT seq, title, body, account_name FROM moments WHERE seq > ? ORDER BY seq`,
    ).run(last)
  })()
}

/**
 * Searches people type, from the store's own words: the most frequent, one in ~1 % and one in
 * ~0.1 % of the moments, a rare one, two words, a three-letter prefix, and one that matches nothing.
 */
export function searchTexts(db: Db): string[] {
  const rows = db.prepare('SELECT title, body, account_name FROM moments ORDER BY seq LIMIT 20000').all() as {
    title: string
    body: string
    account_name: string
  }[]
  const documents = new Map<string, number>()
  for (const row of rows) {
    const words = new Set(
      `${row.title} ${row.body} ${row.account_name}`.toLowerCase().match(/[a-z]{4,}/g) ?? [],
    )
    for (const word of words) documents.set(word, (documents.get(word) ?? 0) + 1)
  }
  const byFrequency = [...documents].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  const share = (fraction: number) =>
    (byFrequency.find(([, n]) => n <= rows.length * fraction) ?? byFrequency.at(-1) ?? ['none'])[0]
  const common = (byFrequency[0] ?? ['none'])[0]
  const percent = share(0.01)
  const permille = share(0.001)
  const rare = (byFrequency.at(-1) ?? ['none'])[0]
  return [common, percent, permille, rare, `${percent} ${common}`, percent.slice(0, 3), 'zqxjv']
}
