// What the core asks of a warehouse. Each engine is a source folder under sources/ and one entry in
// sourceRegistry.ts; nothing else in the core names an engine.

/** One row as the warehouse returned it; contract timestamps as text (see contractTimestamp.ts). */
export type SourceRow = Record<string, unknown>

/** Where a poll starts: rows after (loadedAt, eventId); an empty eventId means "from loadedAt on". */
export interface PollWindow {
  loadedAt: string
  eventId: string
}

/**
 * Told once a poll's read has run to its end: the warehouse's clock at the start of the read's
 * transaction, as the server prints a timestamp (like `loaded_at`). Every row committed before
 * that time was there for the read to see.
 */
export type ReadClock = (startedAt: string) => void

export interface SourceProbe {
  /** The columns `warehouse.query` returns, read without reading rows */
  columns: string[]
  /** Which engine answered, e.g. "PostgreSQL 15.4" or "Redshift" */
  engine: string
}

export interface EventSource {
  /** Which warehouse a poll cursor belongs to: host, port and database, never credentials */
  readonly key: string
  /** For logs and doctor: the URL without its password */
  readonly label: string
  /**
   * Rows loaded after the window, of these accounts (null: every account), in (loaded_at,
   * event_id) order, in batches. One read at a time per source. `clock`, when given, is told the
   * warehouse's time of the read once it has run to its end (a source without a clock never calls it).
   */
  rowsAfter(
    window: PollWindow,
    accountIds: readonly string[] | null,
    clock?: ReadClock,
  ): AsyncIterable<SourceRow[]>
  /** Rows that occurred in [since, until), in (occurred_at, event_id) order, in batches */
  replay(since: Date, until: Date, accountIds: readonly string[] | null): AsyncIterable<SourceRow[]>
  /** The query's columns, without reading a row */
  probe(): Promise<SourceProbe>
  close(): Promise<void>
}

export interface SourceSettings {
  url: string
  /** `warehouse.query` */
  query: string
  statementTimeoutMs: number
  /** Rows per batch; each source caps it at what its engine allows */
  batchSize?: number
  connectTimeoutMs?: number
  /** Debug-level notes of how reads are run (PostgreSQL: which plan a session's head polls take) */
  note?: ReadNote
}

/** A debug-level note of how a read is run: its details, and a message */
export type ReadNote = (details: Record<string, unknown>, message: string) => void
