import type { Db } from './openStore.ts'

export interface Handover {
  accountId: string
  /** When a refresh found the account newly owned */
  noticedAt: number
}

/**
 * Accounts newly owned whose recent events are still to be read. The polls filter ownership in the
 * warehouse query, so events of an account from before it became yours were never read; the
 * poller reads them once (`pipeline/handover.ts`) and then forgets the row.
 */
export function handoversRepo(db: Db) {
  const add = db.prepare(
    'INSERT INTO handovers (account_id, noticed_at) VALUES (?, ?) ON CONFLICT (account_id) DO NOTHING',
  )
  const list = db.prepare<[], { accountId: string; noticedAt: number }>(
    'SELECT account_id AS accountId, noticed_at AS noticedAt FROM handovers ORDER BY noticed_at, account_id',
  )
  const remove = db.prepare('DELETE FROM handovers WHERE account_id = ?')
  return {
    note(accountIds: readonly string[], now: number): void {
      for (const id of accountIds) add.run(id, now)
    },
    pending: (): Handover[] => list.all(),
    done(accountIds: readonly string[]): void {
      for (const id of accountIds) remove.run(id)
    },
  }
}
