import { accountsCacheRepo } from './accountsCache.ts'
import { catchUpCheckpoints } from './catchUpCheckpoints.ts'
import { countersRepo } from './counters.ts'
import { handoversRepo } from './handovers.ts'
import { momentActionsRepo } from './momentActions.ts'
import { momentsRepo } from './moments.ts'
import { mutesRepo } from './mutes.ts'
import { onceKeysRepo } from './onceKeys.ts'
import { type Db, openStore } from './openStore.ts'
import { outboxRepo } from './outbox.ts'
import { pollCursorRepo } from './pollCursor.ts'
import { retentionRepo } from './retention.ts'
import { seenEventsRepo } from './seenEvents.ts'
import { slackUsersRepo } from './slackUsers.ts'
import { snoozeStateRepo } from './snoozeState.ts'
import { syncStatusRepo } from './syncStatus.ts'
import { threadsRepo } from './threads.ts'

/**
 * The local state: one SQLite file, one repository per table family. Every statement lives in a
 * repository; the connection itself stays inside, so nothing else runs SQL on the state file.
 */
export function createStore(db: Db) {
  return {
    /** The state file, to name it in errors (`:memory:` in tests) */
    path: db.name,
    cursor: pollCursorRepo(db),
    seen: seenEventsRepo(db),
    moments: momentsRepo(db),
    threads: threadsRepo(db),
    actions: momentActionsRepo(db),
    snooze: snoozeStateRepo(db),
    once: onceKeysRepo(db),
    mutes: mutesRepo(db),
    accounts: accountsCacheRepo(db),
    handovers: handoversRepo(db),
    counters: countersRepo(db),
    outbox: outboxRepo(db),
    sync: syncStatusRepo(db),
    slackUsers: slackUsersRepo(db),
    retention: retentionRepo(db),
    /** Runs `work` in one transaction: all of it lands, or none of it. */
    transaction<T>(work: () => T): T {
      return db.transaction(work)()
    },
    /** A read of many batches: fewer WAL checkpoints until `end()` (catchUpCheckpoints.ts says why). */
    catchingUp: (): { end(): void } => catchUpCheckpoints(db),
    close(): void {
      db.close()
    },
  }
}

export type Store = ReturnType<typeof createStore>

export function openMomentsStore(path: string): Store {
  return createStore(openStore(path))
}
