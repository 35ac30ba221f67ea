import type { EventStage } from './stage.ts'

/** The ownership filter: only accounts the user owns (every account for a team channel). */
export const keepOwned: EventStage = (rows, ctx, outcome) =>
  rows.filter(({ event }) => {
    if (event.accountId === null) {
      outcome.skipped.unmatched = (outcome.skipped.unmatched ?? 0) + 1
      return false
    }
    if (ctx.owned && !ctx.owned.has(event.accountId)) {
      outcome.skipped['not-owned'] = (outcome.skipped['not-owned'] ?? 0) + 1
      return false
    }
    return true
  })
