import type {
  EventSource,
  PollWindow,
  ReadClock,
  ReadNote,
  SourceProbe,
  SourceRow,
  SourceSettings,
} from '../eventSource.ts'
import { shapeError } from '../queryShape.ts'
import { buildReadQuery, idForms, type OwnershipClause, type ReadRange } from '../readQuery.ts'
import { subquery } from '../userQuery.ts'
import { connectionLost } from '../warehouseErrors.ts'
import type { SourceRows } from './transactionCursor.ts'
import type { WireSession } from './wireSession.ts'

/** What a cursor may know of the read it runs */
export interface ReadContext {
  /** A poll (rows after the cursor, in load order) or a replay of a span of event time */
  kind: 'poll' | 'replay'
  /**
   * A poll's statement again, bounded above by 'infinity': the same rows, for a plan made without
   * the values (adaptiveHeadCursor.ts)
   */
  bounded?(): { text: string; values: unknown[] }
  /** The session's statement timeout, ms (0: none) */
  statementTimeoutMs: number
  /** Debug-level notes of how the reads are run */
  note?: ReadNote
}

/** Runs one read in its read-only transaction and hands its rows over in batches, in order */
export type WireCursor = (
  session: WireSession,
  statement: { text: string; values: unknown[] },
  batchSize: number,
  clock?: { statement: string; read(startedAt: string): void },
  context?: ReadContext,
) => AsyncGenerator<SourceRows>

/** What differs between engines that speak the PostgreSQL wire protocol. */
export interface WireDialect {
  /** For doctor: which engine answered */
  engine(session: WireSession): string
  /** Rows per fetch: the default, and the most the engine allows */
  batchSize: { default: number; max: number }
  /** Bind parameters one statement may carry */
  maxParameters: number
  /** The ownership filter as this engine binds it */
  ownership: OwnershipClause
  /** Bound parameters the ownership filter takes for this many ids */
  ownershipParameters(ids: number): number
  /**
   * A statement whose one row and column is the start of the current transaction on the server's
   * clock, as a timestamptz
   */
  transactionClock: string
  /**
   * How a read runs its read-only transaction: statement by statement (transactionCursor.ts), or
   * written at once where the engine answers that way (pipelinedCursor.ts), its plan chosen for
   * head polls where the engine allows (adaptiveHeadCursor.ts)
   */
  cursor: WireCursor
  /** Session settings, one statement each, run once on a new session */
  setup(session: WireSession, statementTimeoutMs: number): string[]
}

export interface WireSourceOptions extends SourceSettings {
  key: string
  label: string
  /** Opens a session and says which dialect it speaks (a postgres:// URL may reach Redshift) */
  connect(): Promise<{ session: WireSession; dialect: WireDialect }>
}

/**
 * An event source over one wire-protocol session, opened on first use and kept between reads.
 * Any failure drops it (its transaction state is unknown); the next read opens a new one.
 */
export function wireEventSource(options: WireSourceOptions): EventSource {
  let open: Promise<{ session: WireSession; dialect: WireDialect }> | null = null

  function connection() {
    if (!open) {
      const opening = options.connect().then(async (opened) => {
        try {
          for (const statement of opened.dialect.setup(opened.session, options.statementTimeoutMs)) {
            await opened.session.query(statement)
          }
        } catch (error) {
          await opened.session.end()
          throw error
        }
        return opened
      })
      // A failed open is not kept: the next read tries again.
      opening.catch(() => {
        if (open === opening) open = null
      })
      open = opening
    }
    return open
  }

  async function drop(): Promise<void> {
    const old = open
    open = null
    const opened = await old?.catch(() => null)
    await opened?.session.end()
  }

  async function* read(
    kind: ReadContext['kind'],
    range: ReadRange,
    accountIds: readonly string[] | null,
    clock?: ReadClock,
  ): AsyncGenerator<SourceRow[]> {
    try {
      const { session, dialect } = await connection()
      const forms = accountIds === null ? null : idForms(accountIds)
      // Past the engine's parameter limit (Redshift: 32,767; each account is bound in both of its
      // id forms) the ownership filter runs here instead, on every account's rows.
      const bindable =
        forms !== null && dialect.ownershipParameters(forms.length) + 3 <= dialect.maxParameters
      const ownership = forms !== null && bindable ? { ids: forms, clause: dialect.ownership } : null
      const statement = buildReadQuery(options.query, range, ownership, null)
      const batchSize = Math.min(options.batchSize ?? dialect.batchSize.default, dialect.batchSize.max)
      const keep = forms !== null && !bindable ? new Set(forms) : null
      const transactionClock = clock ? { statement: dialect.transactionClock, read: clock } : undefined
      const context: ReadContext = {
        kind,
        bounded: () => buildReadQuery(options.query, { ...range, through: 'infinity' }, ownership, null),
        statementTimeoutMs: options.statementTimeoutMs,
        note: options.note,
      }
      for await (const rows of dialect.cursor(session, statement, batchSize, transactionClock, context)) {
        const owned = keep ? rows.filter((row) => keep.has(String(row.account_id))) : rows
        if (owned.length > 0) yield owned
      }
    } catch (error) {
      await drop()
      throw connectionLost(error)
    }
  }

  return {
    key: options.key,
    label: options.label,
    rowsAfter(window: PollWindow, accountIds, clock) {
      return read(
        'poll',
        { order: 'loaded_at', from: { at: window.loadedAt, eventId: window.eventId } },
        accountIds,
        clock,
      )
    },
    replay(since, until, accountIds) {
      return read(
        'replay',
        {
          order: 'occurred_at',
          from: { at: since.toISOString(), eventId: '' },
          until: until.toISOString(),
        },
        accountIds,
      )
    },
    async probe(): Promise<SourceProbe> {
      try {
        const { session, dialect } = await connection()
        // Only the shape: LIMIT 0 is cheap on any warehouse size.
        await session.query('BEGIN READ ONLY')
        try {
          const result = await session.query(`SELECT * FROM ${subquery(options.query)} AS enriched LIMIT 0`)
          await session.query('COMMIT')
          return { columns: result.fields.map((f) => f.name), engine: dialect.engine(session) }
        } catch (error) {
          throw shapeError(error)
        }
      } catch (error) {
        await drop()
        throw connectionLost(error)
      }
    },
    close: drop,
  }
}
