import { idForms } from '../warehouse/readQuery.ts'
import type { OwnedAccount } from './ownedAccount.ts'

/** Owned accounts by id, under both the 15- and 18-character forms a warehouse may hold. */
export function ownedById(accounts: readonly OwnedAccount[]): Map<string, OwnedAccount> {
  const byId = new Map<string, OwnedAccount>()
  for (const account of accounts) for (const form of idForms([account.id])) byId.set(form, account)
  return byId
}
