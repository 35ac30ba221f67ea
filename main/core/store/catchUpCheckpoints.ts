import type { Db } from './openStore.ts'

// SQLite copies the WAL back into the state file (a checkpoint) once it holds 1,000 pages: in a
// catch-up, after every second batch. Most pages a batch commits are index leaves that the next
// batches write again (the newest leaf of each of 200 accounts, of each open thread, of the
// snooze keys), and a checkpoint writes every page it finds: checkpointed every 10,000 pages
// (~40 MB of WAL, about fifteen batches), a leaf rewritten by those batches reaches the file once.
// Measured over a 1,000,000-row catch-up: 21 → 16 KB written a stored moment (bench/README.md,
// round five).
// A checkpoint is no part of what a commit promises: every commit is in the WAL when it returns,
// so a crash loses nothing it would not have lost before.
const CATCH_UP_PAGES = 10_000
const USUAL_PAGES = 1_000

/** Until `end()`, the WAL is checkpointed every CATCH_UP_PAGES pages instead of SQLite's 1,000. */
export function catchUpCheckpoints(db: Db): { end(): void } {
  db.pragma(`wal_autocheckpoint = ${CATCH_UP_PAGES}`)
  return {
    end() {
      // The next commit checkpoints what the catch-up left in the WAL.
      if (db.open) db.pragma(`wal_autocheckpoint = ${USUAL_PAGES}`)
    },
  }
}
