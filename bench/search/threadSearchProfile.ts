// `npx tsx bench/search/threadSearchProfile.ts <state file> [rounds]`: the threaded search's three
// steps (the window's list request: the page, its repeats, the total counted to the cap), timed per
// search on a kept store (`BENCH_KEEP_STORE=1`; work on a copy), with the plan each search takes.
// The searches are the figure's own, drawn from the store's words; rounds alternate them, as the
// figure does, so no search finds the previous one's work kept.
import { openStore } from '../../main/core/store/openStore.ts'
import { searchPlan } from '../../main/core/store/searchPlan.ts'
import { searchTerms } from '../../main/core/store/searchTerms.ts'
import { createStore } from '../../main/core/store/store.ts'
import { COUNT_CAP } from '../../main/desktop/service/historyService.ts'
import { percentile } from '../stats.ts'
import { searchTexts } from './historySearchTasks.ts'

const [path, rounds = '20'] = process.argv.slice(2)
if (!path) throw new Error('usage: threadSearchProfile.ts <state file> [rounds]')
const db = openStore(path, { readonly: true })
const store = createStore(db)
const texts = searchTexts(db)
const steps = texts.map(() => ({ page: [] as number[], repeats: [] as number[], total: [] as number[] }))
const timed = (work: () => void) => {
  const t0 = performance.now()
  work()
  return performance.now() - t0
}
for (let r = 0; r < Number(rounds); r++)
  for (const [i, search] of texts.entries()) {
    const query = { search, threads: true }
    const times = steps[i] as (typeof steps)[number]
    let seqs: number[] = []
    times.page.push(
      timed(() => {
        seqs = store.moments
          .list(query, { limit: 100 })
          .filter((m) => m.status === 'delivered')
          .map((m) => m.seq)
      }),
    )
    times.repeats.push(timed(() => store.threads.repeatsOf(seqs, search)))
    times.total.push(timed(() => store.moments.countUpTo(query, COUNT_CAP)))
  }
const plan = searchPlan(db)
const terms = searchTerms(db)
const ms = (samples: number[]) => `${percentile(samples, 50).toFixed(1)} / ${Math.max(...samples).toFixed(1)}`
console.log('search | plan | threads | page | repeats | total | all (ms, p50 / slowest)')
for (const [i, search] of texts.entries()) {
  const times = steps[i] as (typeof steps)[number]
  const all = times.page.map((t, r) => t + (times.repeats[r] ?? 0) + (times.total[r] ?? 0))
  const match = terms.resolve(search)
  const threads = store.moments.countUpTo({ search, threads: true }, COUNT_CAP)
  console.log(
    [
      search,
      plan.page({ search, threads: true }, match),
      `${threads.count}${threads.more ? '+' : ''}`,
      ms(times.page),
      ms(times.repeats),
      ms(times.total),
      ms(all),
    ].join(' | '),
  )
}
db.close()
