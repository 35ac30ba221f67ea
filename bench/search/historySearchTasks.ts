// Child task: the history window's search over a store of N moments. The moments are made the real
// way (warehouse rows through the pipeline), then cloned in SQL, a week further back per copy,
// until the store holds N; the FTS index is kept by the store's own triggers.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { HistoryQuery } from '../../main/core/store/historyQuery.ts'
import { type Db, openStore } from '../../main/core/store/openStore.ts'
import type { Store } from '../../main/core/store/store.ts'
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
  queries: { text: string; hits: number; ftsMs: number; ftsMaxMs: number; likeMs: number }[]
  /** ms per search: the first page (100, newest first) and the total, as the history window asks */
  ftsMs: number[]
  likeMs: number[]
}

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
    for (let r = 0; r < args.likeRepeats; r++)
      for (const [i, text] of texts.entries()) like[i]?.push(timed(() => likeSearch(db, text)))
    const queries = texts.map((text, i) => ({
      text,
      hits: store.moments.count({ search: text }),
      ftsMs: median(fts[i] as number[]),
      ftsMaxMs: Math.max(...(fts[i] as number[])),
      likeMs: median(like[i] as number[]),
    }))
    const total = count(db)
    db.close()
    return {
      moments: total,
      poolMoments,
      buildSeconds,
      queries,
      ftsMs: fts.flat(),
      likeMs: like.flat(),
    }
  } finally {
    await laptop.close()
    if (process.env.BENCH_KEEP_STORE) console.error(`kept ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

function timed(work: () => void): number {
  const t0 = performance.now()
  work()
  return performance.now() - t0
}

/** What the history window does for a search: its first page and the total it shows. */
function ftsSearch(store: Store, search: string): void {
  const query: HistoryQuery = { search }
  store.moments.list(query, { limit: PAGE })
  store.moments.count(query)
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

/** Copies of the pool, each a week older, with their own ids; the triggers index them. */
function cloneMoments(db: Db, wanted: number): void {
  if (wanted <= 0) return
  const columns = (db.prepare('PRAGMA table_info(moments)').all() as { name: string }[])
    .map((c) => c.name)
    .filter((name) => name !== 'seq')
  const select = columns.map((c) =>
    c === 'id'
      ? `id || '-' || k.n`
      : c === 'occurred_at' || c === 'loaded_at' || c === 'recorded_at'
        ? `${c} - k.n * ${WEEK_MS}`
        : c,
  )
  const pool = count(db)
  const copies = Math.ceil(wanted / pool)
  db.transaction(() =>
    db
      .prepare(
        `WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < ${copies})
         INSERT INTO moments (${columns.join(', ')})
         SELECT ${select.join(', ')} FROM k, (SELECT * FROM moments ORDER BY seq) AS m LIMIT ${wanted}`,
      )
      .run(),
  )()
}

/**
 * Searches people type, from the store's own words: the most frequent, one in ~1 % and one in
 * ~0.1 % of the moments, a rare one, two words, a three-letter prefix, and one that matches nothing.
 */
function searchTexts(db: Db): string[] {
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
