import { transactionCursor } from '../../wire/transactionCursor.ts'
import type { WireDialect } from '../../wire/wireEventSource.ts'
import type { WireSession } from '../../wire/wireSession.ts'

// Redshift speaks PostgreSQL 8.0's wire protocol, with its own limits:
// - a cursor only inside a transaction block, its result materialised on the leader node, and on a
//   single-node cluster at most 1,000 rows per fetch ("Fetch size 2000 exceeds the limit of 1000
//   for a single node configuration"): 1,000 it is, on every cluster;
// - at most 32,767 bind parameters in a statement, and no array parameters: owned ids are one `$n`
//   each, in both of their forms;
// - SET only for its own parameters (timezone, datestyle, statement_timeout, …): no
//   default_transaction_read_only (reads are in BEGIN READ ONLY transactions), no client_encoding
//   (always UTF-8);
// - the start of the transaction is SYSDATE (TRANSACTION_TIMESTAMP is PostgreSQL's), a timestamp
//   without time zone in the session's, which is UTC.

/** Redshift reports this server_version, whatever its own release. */
export const REDSHIFT_SERVER_VERSION = '8.0.2'

export function isRedshiftServer(session: WireSession): boolean {
  return session.parameters.get('server_version') === REDSHIFT_SERVER_VERSION
}

export const redshiftDialect: WireDialect = {
  engine: () => 'Redshift',
  batchSize: { default: 1_000, max: 1_000 },
  maxParameters: 32_767,
  ownership(column, ids, first) {
    return { sql: `${column} IN (${ids.map((_, i) => `$${first + i}`).join(', ')})`, values: [...ids] }
  },
  ownershipParameters: (ids) => ids,
  transactionClock: 'SELECT CAST(SYSDATE AS TIMESTAMPTZ) AS started_at',
  // Statement by statement: a pipelined read (pipelinedCursor.ts) has not been tried on a cluster,
  // and Redshift's own driver waits for each answer.
  cursor: transactionCursor,
  setup: (_session, statementTimeoutMs) => [
    "SET timezone TO 'UTC'",
    // A user or cluster may default to another style ('Postgres, DMY'…): the contract reads ISO.
    "SET datestyle TO 'ISO, MDY'",
    `SET statement_timeout TO ${Math.max(0, Math.floor(statementTimeoutMs))}`,
  ],
}
