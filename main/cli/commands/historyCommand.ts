import { existsSync } from 'node:fs'
import { MOMENT_STATUSES, type MomentStatus, SEVERITIES, type Severity } from '../../../shared/moment.ts'
import { ConfigError } from '../../core/config/configErrors.ts'
import { loadConfig } from '../../core/config/loadConfig.ts'
import type { HistoryQuery } from '../../core/store/historyQuery.ts'
import { momentActionsRepo } from '../../core/store/momentActions.ts'
import { momentsRepo } from '../../core/store/moments.ts'
import { openStore, storeFailure } from '../../core/store/openStore.ts'
import { threadsRepo } from '../../core/store/threads.ts'
import { type CliContext, EXIT } from '../cliContext.ts'
import { failureExit } from '../failureExit.ts'
import { jsonLine } from '../output/jsonLine.ts'
import { momentLine } from '../output/momentLine.ts'
import { timeBound } from '../timeBound.ts'

export interface HistoryFlags {
  config?: string
  demo?: boolean
  search?: string
  account?: string
  rule?: string
  status?: string
  severity?: string
  since?: string
  until?: string
  unread?: boolean
  notActed?: boolean
  limit?: string
  json?: boolean
}

const STATUSES = [...MOMENT_STATUSES, 'failed'] as const

/** `moments history`: every recorded moment, snoozed ones too, newest first. */
export async function historyCommand(flags: HistoryFlags, ctx: CliContext): Promise<number> {
  let statePath: string | null = null
  try {
    const config = loadConfig({ configFlag: flags.config, demo: flags.demo, env: ctx.env })
    statePath = config.statePath
    const query = historyQuery(flags, Date.now())
    const limit =
      flags.limit === undefined ? (flags.json ? Number.POSITIVE_INFINITY : 50) : positive(flags.limit)
    if (!existsSync(config.statePath)) {
      if (!flags.json)
        ctx.stderr.write(
          `moments: no history yet (${config.statePath} does not exist): run "moments run" first\n`,
        )
      return EXIT.ok
    }
    const db = openStore(config.statePath, { readonly: true })
    try {
      const moments = momentsRepo(db)
      const actions = momentActionsRepo(db)
      const threads = threadsRepo(db)
      let shown = 0
      for (const moment of moments.iterateNewestFirst(query)) {
        if (shown >= limit) break
        const line = flags.json
          ? jsonLine(
              moment,
              actions.of(moment.id),
              moment.threadSeq === null ? null : threads.idOf(moment.threadSeq),
            )
          : momentLine(moment, { color: ctx.color, actions: actions.of(moment.id) })
        ctx.stdout.write(`${line}\n`)
        shown++
      }
      if (!flags.json) {
        const total = moments.count(query)
        ctx.stderr.write(
          total > shown ? `${shown} of ${total} moments (--limit to see more)\n` : `${total} moments\n`,
        )
      }
    } finally {
      db.close()
    }
    return EXIT.ok
  } catch (error) {
    // A damaged or locked state file may only show while reading it: name the file then too.
    return failureExit(statePath ? storeFailure(statePath, error) : error, ctx, 'cannot read the history')
  }
}

function historyQuery(flags: HistoryFlags, now: number): HistoryQuery {
  const query: HistoryQuery = {
    search: flags.search,
    accountId: flags.account,
    ruleId: flags.rule,
    sinceMs: timeBound('--since', flags.since, now),
    untilMs: timeBound('--until', flags.until, now),
    unreadOnly: flags.unread,
    notActed: flags.notActed,
  }
  if (flags.status !== undefined) {
    if (!(STATUSES as readonly string[]).includes(flags.status)) {
      throw new ConfigError(`--status: must be one of ${STATUSES.join(', ')}`)
    }
    if (flags.status === 'failed') query.forwardFailed = true
    else query.status = flags.status as MomentStatus
  }
  if (flags.severity !== undefined) {
    if (!(SEVERITIES as readonly string[]).includes(flags.severity)) {
      throw new ConfigError(`--severity: must be one of ${SEVERITIES.join(', ')}`)
    }
    query.severity = flags.severity as Severity
  }
  return query
}

function positive(text: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n <= 0)
    throw new ConfigError(`--limit: "${text}" is not a positive whole number`)
  return n
}
