import type { Db } from './openStore.ts'

// SQLite copies the WAL back into the state file (a checkpoint) once it holds 1,000 pages: in a
// catch-up, after every second batch. Most pages a batch commits are index leaves that the next
// batches write again (the newest leaf of each of 200 accounts, of each open thread, of the
// snooze keys), and a checkpoint writes every page it finds: checkpointed every 40,000 pages
// (~160 MB of WAL, about sixty batches), a leaf rewritten by those batches reaches the file once.
// Each checkpoint also waits for the disk twice (the WAL synced before it, the state file after
// it), on the thread that commits: on the bench machine's disk that wait, not the copying, was
// most of what a checkpoint cost. Measured over a 1,000,000-row catch-up: 1,000 → 10,000 pages
// 21 → 16 KB written a stored moment (round five); 10,000 → 40,000 pages 15.9 → 14.2 KB and 0.26×
// against 0.22× of the raw read's rate in turns, the CPU a row unchanged (bench/README.md, round
// seven). The WAL of a catch-up takes that much disk until it ends.
// A checkpoint is no part of what a commit promises: every commit is in the WAL when it returns,
// so a crash loses nothing it would not have lost before.
//
// Nor is the WAL file cut back to 4 MB after each checkpoint of a catch-up (openStore.ts keeps it
// at 4 MB at rest): cut, it would grow again by the same ~160 MB before the next one, the file
// system giving it its blocks back one write at a time.
const CATCH_UP_PAGES = 40_000
const USUAL_PAGES = 1_000
export const USUAL_WAL_BYTES = 4 * 1024 * 1024

/** Until `end()`, the WAL is checkpointed every CATCH_UP_PAGES pages instead of SQLite's 1,000. */
export function catchUpCheckpoints(db: Db): { end(): void } {
  const pageSize = db.pragma('page_size', { simple: true }) as number
  db.pragma(`wal_autocheckpoint = ${CATCH_UP_PAGES}`)
  // Room for the checkpoint's pages and the frames of the commit that crosses the mark.
  db.pragma(`journal_size_limit = ${2 * CATCH_UP_PAGES * pageSize}`)
  return {
    end() {
      if (!db.open) return
      // The next commit checkpoints what the catch-up left in the WAL, and the file goes back to 4 MB.
      db.pragma(`wal_autocheckpoint = ${USUAL_PAGES}`)
      db.pragma(`journal_size_limit = ${USUAL_WAL_BYTES}`)
    },
  }
}
