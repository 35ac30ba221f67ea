import { resolve } from 'node:path'
import { parseDuration } from '../../../shared/duration.ts'
import { type BacktestReport, type RuleSet, runBacktest } from '../../core/backtest/backtest.ts'
import { ConfigError } from '../../core/config/configErrors.ts'
import { loadConfig } from '../../core/config/loadConfig.ts'
import type { OwnedAccount } from '../../core/ownership/ownedAccount.ts'
import { loadRules } from '../../core/rules/loadRules.ts'
import { openWarehouseSource } from '../../core/wiring/warehouseSource.ts'
import { type CliContext, EXIT } from '../cliContext.ts'
import { failureExit } from '../failureExit.ts'
import { backtestTable, compareTable } from '../output/backtestTable.ts'
import { catchUpProgress } from '../output/catchUpProgress.ts'
import { timeBound } from '../timeBound.ts'

export interface BacktestFlags {
  config?: string
  demo?: boolean
  since?: string
  until?: string
  rules?: string
  compare?: string
  account?: string
  warmup?: string
  json?: boolean
}

/** `moments backtest`: what the rules would have produced over a past period, snooze included. */
export async function backtestCommand(flags: BacktestFlags, ctx: CliContext): Promise<number> {
  let ruleSets: RuleSet[]
  let since: number
  let until: number
  let warmupMs: number
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig({ configFlag: flags.config, demo: flags.demo, env: ctx.env })
    const now = Date.now()
    if (!flags.since) throw new ConfigError('--since: required, e.g. --since 7d')
    since = timeBound('--since', flags.since, now) as number
    until = timeBound('--until', flags.until, now) ?? now
    if (until <= since) throw new ConfigError('--until: must be later than --since')
    const warmup = parseDuration(flags.warmup ?? '7d')
    if (warmup === null) throw new ConfigError(`--warmup: "${flags.warmup}" is not a duration (0, 7d, 30d)`)
    warmupMs = warmup
    const base = flags.rules ? { kind: 'file' as const, path: resolve(flags.rules) } : config.rules
    ruleSets = [{ label: flags.rules ?? 'current', rules: loadRules(base) }]
    if (flags.compare)
      ruleSets.push({
        label: flags.compare,
        rules: loadRules({ kind: 'file', path: resolve(flags.compare) }),
      })
  } catch (error) {
    return failureExit(error, ctx, 'cannot backtest')
  }

  const progress = catchUpProgress(ctx.interactive)
  try {
    const source = await openWarehouseSource(config, { clock: Date.now, log: ctx.log })
    try {
      const book = await source.ownership.fetch()
      const accounts = narrow(book.accounts, flags.account)
      const events = source.events()
      try {
        const reports = await runBacktest({
          source: events,
          ruleSets,
          accounts,
          accountFields: book.accountFields,
          since: new Date(since),
          until: new Date(until),
          warmupMs,
          onProgress: (p) => progress.update(p),
        })
        progress.stop()
        print(reports, flags, ctx, {
          since,
          until,
          accounts: accounts.length,
          accountFields: book.accountFields?.map((field) => field.path) ?? [],
        })
      } finally {
        await events.close()
      }
    } finally {
      await source.close()
    }
    return EXIT.ok
  } catch (error) {
    progress.stop()
    return failureExit(error, ctx, 'cannot backtest')
  }
}

function narrow(accounts: OwnedAccount[], accountId: string | undefined): OwnedAccount[] {
  if (!accountId) return accounts
  const found = accounts.filter((a) => a.id === accountId || a.id.slice(0, 15) === accountId)
  if (found.length === 0) throw new ConfigError(`--account: ${accountId} is not one of your accounts`)
  return found
}

function print(
  reports: BacktestReport[],
  flags: BacktestFlags,
  ctx: CliContext,
  scope: { since: number; until: number; accounts: number; accountFields: string[] },
): void {
  if (flags.json) {
    for (const [i, report] of reports.entries()) {
      for (const r of report.rules) {
        const line: Record<string, unknown> = {
          rule: r.rule,
          matches: r.matches,
          delivered: r.delivered,
          snoozed: r.snoozed,
          suppressed: r.suppressed,
          top_accounts: r.topAccounts.map((a) => ({
            account_id: a.accountId,
            account_name: a.accountName,
            moments: a.moments,
          })),
        }
        if (reports.length > 1) line.variant = i === 0 ? 'base' : 'compare'
        ctx.stdout.write(`${JSON.stringify(line)}\n`)
      }
    }
    return
  }
  const span = `${new Date(scope.since).toISOString().slice(0, 16)} → ${new Date(scope.until).toISOString().slice(0, 16)} UTC`
  for (const report of reports) {
    ctx.stdout.write(
      `\nRules: ${report.label} — ${span}, ${scope.accounts} accounts, ${report.totals.rows.toLocaleString('en-US')} events\n\n`,
    )
    ctx.stdout.write(`${backtestTable(report, ctx.color)}\n`)
  }
  if (scope.accountFields.length > 0) {
    // Salesforce keeps no history of the fields: say which day's account the rules judged.
    ctx.stdout.write(
      `\nAccount fields (${scope.accountFields.join(', ')}) are as Salesforce has them now, not as they were then.\n`,
    )
  }
  if (reports.length === 2) {
    ctx.stdout.write(
      `\nDifference per rule\n\n${compareTable(reports[0] as BacktestReport, reports[1] as BacktestReport, ctx.color)}\n`,
    )
  }
}
