// What an episode writes into, and when its rows happen and land.
import type { SyntheticAccount } from './accounts.ts'
import type { Random } from './random.ts'
import type { EventTables } from './rawRows.ts'
import { ingestDelayMs, type Rhythm, sampleTime, usualIngestDelayMs } from './rhythm.ts'

export interface EpisodeContext {
  random: Random
  account: SyntheticAccount
  from: Date
  to: Date
  /** The next event id of a table, already prefixed for its source */
  nextId(prefix: string): string
  /** True for the rows that should miss their account (the configured broken fraction) */
  broken(): boolean
  /** Bias towards what makes a moment: failures, first uses (the demo's live events) */
  highlights: boolean
  out: EventTables
}

export type Episode = (ctx: EpisodeContext) => void

export interface Times {
  occurred_at: Date
  loaded_at: Date
}

/**
 * When it happened and when it landed: rows are drawn by when they land, in (from, to], so a
 * period of 30 seconds gets the rows that arrive in it, some of which happened minutes
 * before. A row that would land after `to` has not arrived yet (the tail of every period is
 * thinner, as in a real warehouse).
 */
export function landingTimes(ctx: EpisodeContext, source: string, rhythm: Rhythm): Times {
  const earliest = new Date(ctx.from.getTime() - usualIngestDelayMs(source))
  for (let attempt = 0; attempt < 100; attempt++) {
    const occurred = sampleTime(ctx.random, earliest, ctx.to, rhythm, ctx.account.utcOffsetHours)
    const loaded = new Date(occurred.getTime() + ingestDelayMs(ctx.random, source))
    if (loaded > ctx.from && loaded <= ctx.to) return { occurred_at: occurred, loaded_at: loaded }
  }
  return { occurred_at: new Date(ctx.to.getTime() - 1_000), loaded_at: ctx.to }
}
