import type { WireDialect } from '../../wire/wireEventSource.ts'
import { adaptiveHeadCursor } from './adaptiveHeadCursor.ts'
import { NOT_PGLITE } from './pgliteServer.ts'

// PostgreSQL (and PGlite, which the demo serves on a local socket). Reads are in BEGIN READ ONLY
// transactions rather than a read-only session: PGlite's socket shares one session between all
// its clients, and the demo's own writes must go on.

/** Four times what sufficed for a poll of the view (512 kB, measured), well under glibc's 32 MB cap */
export const BACKEND_WARM_UP_BYTES = 2 * 1024 * 1024

/**
 * The warm-up, skipped by PGlite (the demo): its PostgreSQL is WebAssembly in the laptop's own
 * process, where the block costs 30–50 ms of a reopen (measured under load) and saves nothing.
 * CASE evaluates `repeat` only in the branch taken.
 */
export const BACKEND_WARM_UP = `SELECT CASE WHEN ${NOT_PGLITE}
  THEN length(repeat(' ', ${BACKEND_WARM_UP_BYTES})) END AS warmed`

export const postgresDialect: WireDialect = {
  engine: (session) => `PostgreSQL ${session.parameters.get('server_version')?.split(' ')[0] ?? ''}`.trim(),
  // 1,000 rows, not 2,000: with the next batch read ahead, two batches of 2,000 rows and what the
  // pipeline makes of them outgrow V8's young generation, are promoted, and wait for a full GC:
  // a catch-up peaked at ~175 MB RSS (V8 heap ~100 MB) against ~132 MB (~60 MB), and spent more
  // CPU per row (55 against 49 µs), the extra commits costing less than the GC they spare
  // (bench/README.md, catch-up).
  batchSize: { default: 1_000, max: 10_000 },
  maxParameters: 65_535,
  // One array parameter, however many accounts: the planner sees the same list as with IN.
  ownership: (column, ids, first) => ({ sql: `${column} = ANY($${first}::text[])`, values: [[...ids]] }),
  ownershipParameters: () => 1,
  transactionClock: 'SELECT transaction_timestamp() AS started_at',
  // BEGIN, the clock, the first batch in one round trip and COMMIT with the Sync: a head poll that
  // finds nothing is two round trips instead of five (bench/README.md, poll cost). A head poll's
  // plan is chosen on the session's timings: the custom plan, or a kept generic one.
  cursor: adaptiveHeadCursor,
  setup: (session, statementTimeoutMs) => [
    "SET timezone TO 'UTC'",
    // A role may default to another style ('SQL, DMY'…): the contract reads ISO.
    "SET datestyle TO 'ISO, MDY'",
    `SET statement_timeout TO ${Math.max(0, Math.floor(statementTimeoutMs))}`,
    // Every read is a cursor fetched in batches, which PostgreSQL never runs with parallel workers;
    // yet the planner still weighs parallel plans for it and may pick one, to run it alone. Measured
    // on the bench's 10 M-row warehouse (a busy machine): a poll an hour behind took 10.6 ms as a
    // serial plan, 322 ms as the parallel one even with its workers, and planning the view fell
    // from 1.9 to 1.7 ms.
    'SET max_parallel_workers_per_gather TO 0',
    // The session's backend keeps the memory a poll works in from one poll to the next. glibc's
    // malloc, which PostgreSQL uses on Linux, hands blocks over 128 kB back to the system when they
    // are freed until a freed block larger than that raises its threshold, so a backend that only
    // ever runs small polls maps the ~1.2 MB of its executor's memory afresh and faults it in page
    // by page on every poll. One 2 MB allocation, freed at once, raises the threshold for the life
    // of the session. Measured on the bench's 10 M-row warehouse: a head poll 9–18 → 2.4–3.1 ms,
    // ~300 → 4 page faults a poll (bench/README.md, poll cost). Reads nothing and writes nothing.
    BACKEND_WARM_UP,
    // A database without an encoding (SQL_ASCII) holds any bytes, and the server refuses to send
    // invalid UTF-8 to a UTF8 client: one bad byte would fail every poll, for good. Take the bytes
    // as they are instead; the client decodes them, an invalid sequence becoming U+FFFD.
    ...(session.parameters.get('server_encoding') === 'SQL_ASCII'
      ? ["SET client_encoding TO 'SQL_ASCII'"]
      : []),
  ],
}
