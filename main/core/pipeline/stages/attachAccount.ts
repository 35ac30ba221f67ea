import type { EventStage } from './stage.ts'

/**
 * The account-fields lookup: each event gets its account's fields from the book the ownership
 * refresh read (Salesforce's values as of that refresh), for the rules, the message and the
 * moment's record. An account not in the book gets none. The batch's rows are its own: set in
 * place rather than copied (a copy per row was a tenth of a catch-up's garbage).
 */
export const attachAccount: EventStage = (rows, ctx) => {
  for (const row of rows) {
    row.account = row.event.accountId === null ? null : (ctx.accounts?.(row.event.accountId) ?? null)
  }
  return rows
}
