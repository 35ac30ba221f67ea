import { DEMO_OWNER, type SyntheticAccount } from './accounts.ts'
import { EPISODES, type EpisodeContext, type EpisodeKind } from './episodes.ts'
import { createRandom, deriveSeed, type Random } from './random.ts'
import { countEventRows, type EventTables, emptyEventTables } from './rawRows.ts'

/**
 * realistic: the everyday mix (mostly plain requests, loads and page views).
 * highlights: what makes a moment, mostly at the demo owner's accounts — the demo's live events.
 */
export type EventMix = 'realistic' | 'highlights'

export interface EventWindowOptions {
  seed: number
  accounts: SyntheticAccount[]
  /** Rows land in (from, to]; `to` is "now" for the data. */
  from: Date
  to: Date
  /** How many event rows; an episode may leave a few more (a failure and the pages read before it). */
  events: number
  mix?: EventMix
  /** Share of rows that miss their account (no account, a merged one, an unmapped system). Default 0.02. */
  brokenFraction?: number
  /**
   * Share of rows committed late: stamped with a loaded_at up to 90 s before `from`, as when
   * a long load transaction commits after a poll already read past its stamp. Default 0.
   */
  lateCommitFraction?: number
}

const MIXES: Record<EventMix, readonly (readonly [EpisodeKind, number])[]> = {
  realistic: [
    ['request', 28],
    ['feature_used', 16],
    ['add_input', 6],
    ['code_engine_run', 3],
    ['events_loaded', 18],
    ['table_created', 5],
    ['docs_page_view', 12],
    ['docs_reading_session', 0.4],
    ['marketing_page_view', 8],
    ['connection_interrupted', 0.8],
    ['latency_detected', 1.2],
  ],
  highlights: [
    ['add_input', 5],
    ['code_engine_run', 3],
    ['feature_used', 3],
    ['connection_interrupted', 1.5],
    ['latency_detected', 1],
    ['marketing_page_view', 1.5],
    ['docs_reading_session', 0.3],
    ['events_loaded', 1],
  ],
}

const LATE_COMMIT_MAX_MS = 90_000

/** The event rows of one period. Same options, same rows: every draw comes from the seed. */
export function generateEventWindow(options: EventWindowOptions): EventTables {
  const mix = options.mix ?? 'realistic'
  const { from, to, accounts } = options
  if (accounts.length === 0) throw new Error('generateEventWindow: no accounts')
  if (!(to > from))
    throw new Error(`generateEventWindow: empty period ${from.toISOString()} .. ${to.toISOString()}`)
  const random = createRandom(
    deriveSeed(options.seed, 'events', mix, from.getTime(), to.getTime(), options.events),
  )
  const brokenFraction = options.brokenFraction ?? 0.02
  // Ids carry the period's start, so the rows of different periods never collide and a
  // period generated twice yields the same ids (the loader then skips them).
  const tag = `${mix === 'highlights' ? 'h' : ''}${Math.floor(from.getTime() / 1000).toString(36)}`
  const sequences = new Map<string, number>()
  const out = emptyEventTables()
  const ctx: Omit<EpisodeContext, 'account'> = {
    random,
    from,
    to,
    highlights: mix === 'highlights',
    out,
    broken: () => random.chance(brokenFraction),
    nextId: (prefix) => {
      const n = (sequences.get(prefix) ?? 0) + 1
      sequences.set(prefix, n)
      return `${prefix}-${tag}-${n.toString(36).padStart(5, '0')}`
    },
  }
  while (countEventRows(out) < options.events) {
    const kind = random.weighted(MIXES[mix])
    EPISODES[kind]({ ...ctx, account: chooseAccount(random, accounts, mix) })
  }
  commitSomeLate(random, out, from, options.lateCommitFraction ?? 0)
  sortByLoadedAt(out)
  return out
}

/** Busy accounts make most of the traffic; live highlights go mostly to the demo owner's book. */
function chooseAccount(random: Random, accounts: SyntheticAccount[], mix: EventMix): SyntheticAccount {
  if (mix === 'highlights') {
    const owned = accounts.filter((a) => a.ownerId === DEMO_OWNER.id)
    if (owned.length > 0 && random.chance(0.7)) return random.pick(owned)
    return random.pick(accounts)
  }
  return random.weighted(accounts.map((a) => [a, a.activity] as const))
}

function commitSomeLate(random: Random, out: EventTables, from: Date, fraction: number): void {
  if (fraction <= 0) return
  for (const rows of Object.values(out) as { loaded_at: Date; occurred_at: Date }[][]) {
    for (const row of rows) {
      if (!random.chance(fraction)) continue
      row.loaded_at = new Date(from.getTime() - random.int(1_000, LATE_COMMIT_MAX_MS))
      if (row.occurred_at > row.loaded_at)
        row.occurred_at = new Date(row.loaded_at.getTime() - random.int(1_000, 60_000))
    }
  }
}

/** Insert in landing order, as an append-only warehouse table grows. */
function sortByLoadedAt(out: EventTables): void {
  for (const rows of Object.values(out) as { loaded_at: Date; event_id: string }[][]) {
    rows.sort((a, b) => a.loaded_at.getTime() - b.loaded_at.getTime() || (a.event_id < b.event_id ? -1 : 1))
  }
}
