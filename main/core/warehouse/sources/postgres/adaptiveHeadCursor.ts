import { randomBytes } from 'node:crypto'
import type { ReadNote } from '../../eventSource.ts'
import { pipelinedCursor } from '../../wire/pipelinedCursor.ts'
import type { SourceRows } from '../../wire/transactionCursor.ts'
import type { ReadContext } from '../../wire/wireEventSource.ts'
import type { WireSession } from '../../wire/wireSession.ts'
import { HeadPlanChoice } from './headPlanChoice.ts'
import { NOT_PGLITE } from './pgliteServer.ts'

// PostgreSQL's read: pipelinedCursor.ts, and for head polls a plan chosen on the session's own
// timings (headPlanChoice.ts). A head poll is a poll on a session whose last poll read every row in
// one batch. Its candidate is a named statement of the session — the poll's statement bounded above
// by 'infinity' (readQuery.ts, `through`): the same rows, but a range the planner takes for a small
// one without seeing its values — run with a generic plan, hash and merge joins off, all set in the
// read's own transaction (set_config(…, true), as SET LOCAL): no
// other statement of the session sees them. PostgreSQL decides custom or generic at each Bind, from
// plan_cache_mode as it is then (plancache.c, choose_custom_plan), and keeps the generic plan made
// under the first one.
//
// A generic read runs under a statement timeout from the custom plan's times. It hands its rows
// over only once it has read them all in one batch: past its timeout, or with more rows than a
// batch (no longer a head poll, and a generic plan cannot see the window's size), it is abandoned,
// rolled back, and the poll is read again with the custom plan — nothing lost, nothing twice.

/** The query_canceled SQLSTATE, which a statement timeout raises */
const CANCELED = '57014'
/**
 * invalid_sql_statement_name: the session no longer holds its named statement, as behind a pooler
 * that hands each transaction another server session
 */
const NO_STATEMENT = '26000'

/**
 * Asked in a session's first read, in the same exchange: PGlite serves every client of its socket
 * on one shared session, where one client's named statements and transaction settings are not its
 * own.
 */
const ADAPTIVE_SERVER = `SELECT ${NOT_PGLITE} AS adaptive`

const GENERIC_SETTINGS = [
  "set_config('plan_cache_mode', 'force_generic_plan', true)",
  // The generic plan cannot see how few rows the window holds; planned for any window, it would
  // hash whole tables of the view (3.4 ms a poll against 0.9 ms probing by index: bench/README.md).
  "set_config('enable_hashjoin', 'off', true)",
  "set_config('enable_mergejoin', 'off', true)",
]

interface SessionReads {
  /** The session's last poll read every row in one batch: its next poll is a head poll */
  atHead: boolean
  /** ms of the session's last custom read, as the laptop saw it */
  lastCustomMs: number
  /** Whether the session is the laptop's own (not PGlite's shared one): known after its first read */
  adaptive: boolean | null
  /** Names the session's statements apart from any other client's, should a pooler share its server session */
  prefix: string
  /** One named statement and choice per statement text (the ownership filter's shape, the key's) */
  statements: Map<string, HeadStatement>
}

interface HeadStatement {
  name: string
  prepared: boolean
  choice: HeadPlanChoice
}

/** Statement texts a session keeps a named statement for: a poller's reads have one or two */
const MAX_STATEMENTS = 4

const sessions = new WeakMap<WireSession, SessionReads>()

export async function* adaptiveHeadCursor(
  session: WireSession,
  statement: { text: string; values: unknown[] },
  batchSize: number,
  clock?: { statement: string; read(startedAt: string): void },
  context?: ReadContext,
): AsyncGenerator<SourceRows> {
  let reads = sessions.get(session)
  if (!reads) {
    reads = {
      atHead: false,
      lastCustomMs: 0,
      adaptive: null,
      prefix: `moments_head_${randomBytes(4).toString('hex')}`,
      statements: new Map(),
    }
    sessions.set(session, reads)
  }
  const poll = context?.kind === 'poll'
  const bounded = poll && reads.atHead ? context?.bounded?.() : undefined
  const head = bounded ? headStatement(reads, bounded.text, context?.note) : null
  reads.atHead = false
  if (bounded && head?.choice.next() === 'generic') {
    const timeoutMs = genericTimeout(
      head.choice.genericTimeoutMs(reads.lastCustomMs),
      context?.statementTimeoutMs,
    )
    const read = await genericRead(session, bounded, batchSize, clock, head, timeoutMs)
    if (read.outcome === 'read') {
      head.choice.record('generic', read.ms)
      reads.atHead = true
      if (read.rows.length > 0) yield read.rows
      if (clock && read.startedAt !== null) clock.read(read.startedAt)
      return
    }
    if (read.outcome === 'timed out') head.choice.timedOut(timeoutMs)
    if (read.outcome === 'no statement') head.choice.unavailable()
  }
  let ms = 0
  let more = false
  const asking = reads.adaptive === null
  yield* pipelinedCursor(session, statement, batchSize, clock, {
    plan: asking ? { settings: ADAPTIVE_SERVER } : undefined,
    firstBatch(took, hasMore, answer) {
      ms = took
      more = hasMore
      if (asking && reads) reads.adaptive = answer === 't'
    },
  })
  // Read to its end (a failure or an early stop leaves through the yield above)
  reads.lastCustomMs = ms
  if (head && !more) head.choice.record('custom', ms)
  reads.atHead = poll && !more
}

type GenericRead =
  | { outcome: 'read'; rows: SourceRows; ms: number; startedAt: string | null }
  | { outcome: 'timed out' | 'not a head poll' | 'no statement' }

async function genericRead(
  session: WireSession,
  statement: { text: string; values: unknown[] },
  batchSize: number,
  clock: { statement: string; read(startedAt: string): void } | undefined,
  head: HeadStatement,
  timeoutMs: number,
): Promise<GenericRead> {
  const settings = `SELECT ${[...GENERIC_SETTINGS, `set_config('statement_timeout', '${timeoutMs}', true)`].join(', ')}`
  let startedAt: string | null = null
  let ms = 0
  let more = false
  const rows: SourceRows = []
  const prepare = !head.prepared
  // Marked again once the server has answered with rows: a failed read may not have made it.
  head.prepared = false
  try {
    const cursor = pipelinedCursor(
      session,
      statement,
      batchSize,
      clock && {
        statement: clock.statement,
        read(at) {
          startedAt = at
        },
      },
      {
        plan: { settings, statementName: head.name, prepare },
        firstBatch(took, hasMore) {
          head.prepared = true
          ms = took
          more = hasMore
        },
      },
    )
    for await (const batch of cursor) {
      // Stops the read: its transaction is rolled back before the custom read starts.
      if (more) return { outcome: 'not a head poll' }
      rows.push(...batch)
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (code === CANCELED) return { outcome: 'timed out' }
    if (code === NO_STATEMENT) return { outcome: 'no statement' }
    throw error
  }
  return { outcome: 'read', rows, ms, startedAt }
}

function headStatement(reads: SessionReads, text: string, note: ReadNote | undefined): HeadStatement | null {
  if (reads.adaptive !== true) return null
  let head = reads.statements.get(text)
  if (!head) {
    if (reads.statements.size >= MAX_STATEMENTS) return null
    head = {
      name: `${reads.prefix}_${reads.statements.size + 1}`,
      prepared: false,
      choice: new HeadPlanChoice(note),
    }
    reads.statements.set(text, head)
  }
  return head
}

/** Never longer than the session's own statement timeout (0: none) */
function genericTimeout(derivedMs: number, sessionMs: number | undefined): number {
  return sessionMs !== undefined && sessionMs > 0 ? Math.min(derivedMs, Math.floor(sessionMs)) : derivedMs
}
