import type { EventStage } from './stage.ts'

/**
 * The account-fields lookup: each event gets its account's fields from the book the ownership
 * refresh read (Salesforce's values as of that refresh), for the rules, the message and the
 * moment's record. An account not in the book gets none.
 */
export const attachAccount: EventStage = (rows, ctx) =>
  rows.map((row) => ({
    ...row,
    account: row.event.accountId === null ? null : (ctx.accounts?.(row.event.accountId) ?? null),
  }))
