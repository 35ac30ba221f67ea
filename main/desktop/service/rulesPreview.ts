import type { Request, Response, RulesPreviewReport } from '../../../shared/ipc/contract.ts'
import { type BacktestReport, type RuleSet, runBacktest } from '../../core/backtest/backtest.ts'
import { ConfigError } from '../../core/config/configErrors.ts'
import type { RulesSource } from '../../core/config/loadConfig.ts'
import type { AccountFieldInfo } from '../../core/ownership/accountFields.ts'
import type { OwnedAccount } from '../../core/ownership/ownedAccount.ts'
import { loadRules } from '../../core/rules/loadRules.ts'
import type { EventSource } from '../../core/warehouse/eventSource.ts'
import { expandRulesPath } from './settingsValidation.ts'

/** The preview's own reader of the warehouse (its own connection), and the accounts to replay (null: every one). */
export interface PreviewWarehouse {
  source: EventSource
  accounts: readonly OwnedAccount[] | null
  /** The account fields the rules see: as the last refresh read them, not as they were then */
  accountFields?: { fields: readonly AccountFieldInfo[]; refreshedAt: number }
}

export interface RulesPreviewDeps {
  /** The warehouse the app polls, opened afresh for the preview; closed when it is done */
  openWarehouse(): Promise<PreviewWarehouse>
  /** The rules the app runs now, previewed when no file is given */
  currentRules(): RulesSource
  clock?: () => number
}

const MAX_SPAN_MS = 92 * 86_400_000

/**
 * The history window's "Preview rules": the backtest (issue 8) over a chosen period, in scratch
 * state: the user's history, cursor and mutes are never touched. One preview at a time.
 */
export function createRulesPreview(deps: RulesPreviewDeps) {
  const clock = deps.clock ?? Date.now
  let running = false

  return async function preview(request: Request<'rules.preview'>): Promise<Response<'rules.preview'>> {
    const untilMs = request.untilMs ?? clock()
    if (untilMs <= request.sinceMs) throw new ConfigError('The period must end after it starts')
    if (untilMs - request.sinceMs > MAX_SPAN_MS) throw new ConfigError('Preview at most 92 days at a time')
    const sets: RuleSet[] = [ruleSet(request.rulesPath, deps.currentRules())]
    if (request.comparePath) sets.push(ruleSet(request.comparePath, null))
    if (running) throw new Error('A preview is already running: wait for it to finish')
    running = true
    try {
      const warehouse = await deps.openWarehouse()
      try {
        const reports = await runBacktest({
          source: warehouse.source,
          ruleSets: sets,
          accounts: warehouse.accounts,
          accountFields: warehouse.accountFields?.fields,
          since: new Date(request.sinceMs),
          until: new Date(untilMs),
        })
        const [base, compare] = reports.map(previewReport)
        return {
          ...(base as RulesPreviewReport),
          compare: compare ?? null,
          sinceMs: request.sinceMs,
          untilMs,
          accounts: warehouse.accounts?.length ?? null,
          accountFields:
            warehouse.accountFields && warehouse.accountFields.fields.length > 0
              ? {
                  labels: warehouse.accountFields.fields.map((field) => field.label),
                  asOf: new Date(warehouse.accountFields.refreshedAt).toISOString(),
                }
              : null,
        }
      } finally {
        await warehouse.source.close()
      }
    } finally {
      running = false
    }
  }
}

function ruleSet(path: string | undefined, current: RulesSource | null): RuleSet {
  if (path) {
    const file = expandRulesPath(path)
    return { label: file, rules: loadRules({ kind: 'file', path: file }) }
  }
  return { label: 'current', rules: loadRules(current ?? { kind: 'default' }) }
}

function previewReport(report: BacktestReport): RulesPreviewReport {
  const { rows, matches, delivered, snoozed, suppressed } = report.totals
  return {
    label: report.label,
    rules: report.rules,
    totals: { rows, matches, delivered, snoozed, suppressed },
  }
}
