import type { AccountPerson, OwnedAccount, OwnershipSnapshot } from '../ownership/ownedAccount.ts'
import { isSalesforceId, toCaseSafeId } from '../ownership/salesforceId.ts'
import type { Db } from './openStore.ts'

export interface CachedOwnership {
  snapshot: OwnershipSnapshot
  source: string
  refreshedAt: number
}

/** The user's book of accounts, so a Salesforce outage doesn't stop the notifications. */
export function accountsCacheRepo(db: Db) {
  const meta = db.prepare<[], { user_id: string; source: string; refreshed_at: number }>(
    'SELECT user_id, source, refreshed_at FROM ownership WHERE id = 1',
  )
  const accounts = db.prepare<[], { id: string; name: string; people: string }>(
    'SELECT id, name, people FROM accounts ORDER BY name',
  )
  const people = db.prepare<[string], { people: string }>('SELECT people FROM accounts WHERE id = ?')
  const clear = db.prepare('DELETE FROM accounts')
  const insert = db.prepare('INSERT INTO accounts (id, name, people) VALUES (?, ?, ?)')
  const upsertMeta = db.prepare(
    `INSERT INTO ownership (id, user_id, source, refreshed_at) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, source = excluded.source,
       refreshed_at = excluded.refreshed_at`,
  )
  return {
    load(): CachedOwnership | null {
      const row = meta.get()
      if (!row) return null
      const list: OwnedAccount[] = accounts
        .all()
        .map((a) => ({ id: a.id, name: a.name, people: JSON.parse(a.people) }))
      return {
        snapshot: { userId: row.user_id, accounts: list },
        source: row.source,
        refreshedAt: row.refreshed_at,
      }
    },
    /**
     * The people an account's owner fields name, as the last refresh read them; empty when the
     * account is not in the cache.
     */
    people(accountId: string): AccountPerson[] {
      // The cache keeps 18-character Ids; a warehouse may hold the 15-character form.
      const id = accountId.length === 15 && isSalesforceId(accountId) ? toCaseSafeId(accountId) : accountId
      const row = people.get(id)
      if (!row) return []
      const list: unknown = JSON.parse(row.people)
      return Array.isArray(list) ? (list as AccountPerson[]) : []
    },
    replace(snapshot: OwnershipSnapshot, source: string, now: number): void {
      db.transaction(() => {
        clear.run()
        for (const a of snapshot.accounts) insert.run(a.id, a.name, JSON.stringify(a.people))
        upsertMeta.run(snapshot.userId, source, now)
      })()
    },
  }
}
