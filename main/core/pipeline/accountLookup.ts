import type { OwnershipSnapshot } from '../ownership/ownedAccount.ts'
import { ownedById } from '../ownership/ownedById.ts'
import { type AccountContext, accountContext } from '../rules/accountContext.ts'

/** An account's fields as rules see them, by the Id an event carries (15 or 18 characters). */
export type AccountLookup = (accountId: string) => AccountContext | null

/**
 * The book's accounts as rule contexts, each typed once on first use: a team channel's book can
 * hold every account of the org, and a poll touches few of them.
 */
export function accountLookup(snapshot: OwnershipSnapshot): AccountLookup {
  const byId = ownedById(snapshot.accounts)
  const typed = new Map<string, AccountContext>()
  return (accountId) => {
    const account = byId.get(accountId)
    if (!account) return null
    let context = typed.get(account.id)
    if (!context) {
      context = accountContext(account.fields, snapshot.accountFields)
      typed.set(account.id, context)
    }
    return context
  }
}
