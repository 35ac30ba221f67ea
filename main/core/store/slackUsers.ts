import type { Db } from './openStore.ts'

export interface CachedSlackUser {
  /** null: Slack said it has no user with this e-mail */
  userId: string | null
  checkedAt: number
}

/** users.lookupByEmail answers, by lower-cased e-mail; negative answers too, so they are not asked each time. */
export function slackUsersRepo(db: Db) {
  const get = db.prepare<[string], { user_id: string | null; checked_at: number }>(
    'SELECT user_id, checked_at FROM slack_users WHERE email = ?',
  )
  const put = db.prepare(
    `INSERT INTO slack_users (email, user_id, checked_at) VALUES (?, ?, ?)
     ON CONFLICT (email) DO UPDATE SET user_id = excluded.user_id, checked_at = excluded.checked_at`,
  )
  return {
    get(email: string): CachedSlackUser | null {
      const row = get.get(email.toLowerCase())
      return row ? { userId: row.user_id, checkedAt: row.checked_at } : null
    },
    put: (email: string, userId: string | null, now: number): void =>
      void put.run(email.toLowerCase(), userId, now),
  }
}
