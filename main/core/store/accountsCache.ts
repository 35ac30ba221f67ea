import type { AccountFieldInfo, AccountValues } from '../ownership/accountFields.ts'
import type { AccountPerson, OwnedAccount, OwnershipSnapshot } from '../ownership/ownedAccount.ts'
import { isSalesforceId, toCaseSafeId } from '../ownership/salesforceId.ts'
import type { Db } from './openStore.ts'

export interface CachedOwnership {
  snapshot: OwnershipSnapshot
  source: string
  refreshedAt: number
}

/** What a refresh changed in the book: accounts newly in it, and accounts gone from it. */
export interface BookChange {
  /** No book was cached before: every account is "added" */
  first: boolean
  added: string[]
  removed: string[]
}

/** The user's book of accounts, so a Salesforce outage doesn't stop the notifications. */
export function accountsCacheRepo(db: Db) {
  const meta = db.prepare<
    [],
    { user_id: string; source: string; refreshed_at: number; account_fields: string | null }
  >('SELECT user_id, source, refreshed_at, account_fields FROM ownership WHERE id = 1')
  const accounts = db.prepare<[], { id: string; name: string; people: string; fields: string | null }>(
    'SELECT id, name, people, fields FROM accounts ORDER BY name',
  )
  const ids = db.prepare<[], string>('SELECT id FROM accounts').pluck()
  const people = db.prepare<[string], { people: string }>('SELECT people FROM accounts WHERE id = ?')
  const fieldInfo = db.prepare<[], string | null>('SELECT account_fields FROM ownership WHERE id = 1').pluck()
  const clear = db.prepare('DELETE FROM accounts')
  const insert = db.prepare('INSERT INTO accounts (id, name, people, fields) VALUES (?, ?, ?, ?)')
  const upsertMeta = db.prepare(
    `INSERT INTO ownership (id, user_id, source, refreshed_at, account_fields) VALUES (1, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, source = excluded.source,
       refreshed_at = excluded.refreshed_at, account_fields = excluded.account_fields`,
  )
  return {
    load(): CachedOwnership | null {
      const row = meta.get()
      if (!row) return null
      const list: OwnedAccount[] = accounts.all().map((a) => {
        const account: OwnedAccount = { id: a.id, name: a.name, people: JSON.parse(a.people) }
        if (a.fields !== null) account.fields = JSON.parse(a.fields) as AccountValues
        return account
      })
      const snapshot: OwnershipSnapshot = { userId: row.user_id, accounts: list }
      if (row.account_fields !== null) {
        snapshot.accountFields = JSON.parse(row.account_fields) as AccountFieldInfo[]
      }
      return { snapshot, source: row.source, refreshedAt: row.refreshed_at }
    },
    /** The account fields the last refresh read, with the org's labels and types; [] when none. */
    fields(): AccountFieldInfo[] {
      const text = fieldInfo.get()
      return typeof text === 'string' ? (JSON.parse(text) as AccountFieldInfo[]) : []
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
    /** Replaces the book; returns what changed (all of it is "added" when there was none before). */
    replace(snapshot: OwnershipSnapshot, source: string, now: number): BookChange {
      return db.transaction(() => {
        const first = meta.get() === undefined
        const before = new Set(ids.all())
        const after = new Set(snapshot.accounts.map((a) => a.id))
        clear.run()
        for (const a of snapshot.accounts) {
          insert.run(a.id, a.name, JSON.stringify(a.people), a.fields ? JSON.stringify(a.fields) : null)
        }
        const fields = snapshot.accountFields ? JSON.stringify(snapshot.accountFields) : null
        upsertMeta.run(snapshot.userId, source, now, fields)
        return {
          first,
          added: [...after].filter((id) => !before.has(id)),
          removed: [...before].filter((id) => !after.has(id)),
        }
      })()
    },
  }
}
