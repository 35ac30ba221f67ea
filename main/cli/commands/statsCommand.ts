import { existsSync } from 'node:fs'
import { toRuleUsageJson } from '../../../shared/actions.ts'
import { ruleUsage } from '../../core/actions/ruleUsage.ts'
import { ConfigError } from '../../core/config/configErrors.ts'
import { loadConfig } from '../../core/config/loadConfig.ts'
import { openStore, storeFailure } from '../../core/store/openStore.ts'
import { createStore } from '../../core/store/store.ts'
import { type CliContext, EXIT } from '../cliContext.ts'
import { failureExit } from '../failureExit.ts'
import { usageTable } from '../output/usageTable.ts'
import { timeBound } from '../timeBound.ts'

export interface StatsFlags {
  config?: string
  demo?: boolean
  since?: string
  until?: string
  json?: boolean
}

/**
 * `moments stats`: per rule, from your own history, what its delivered moments led to (reached
 * out, logged, done, not useful, nothing) and how soon: read beside `moments backtest` to keep,
 * tune or retire a rule.
 */
export async function statsCommand(flags: StatsFlags, ctx: CliContext): Promise<number> {
  let statePath: string | null = null
  try {
    const config = loadConfig({ configFlag: flags.config, demo: flags.demo, env: ctx.env })
    statePath = config.statePath
    const now = Date.now()
    const sinceMs = timeBound('--since', flags.since ?? '30d', now) as number
    const untilMs = timeBound('--until', flags.until, now) ?? now
    if (untilMs <= sinceMs) throw new ConfigError('--until: must be later than --since')
    if (!existsSync(config.statePath)) {
      if (!flags.json)
        ctx.stderr.write(
          `moments: no history yet (${config.statePath} does not exist): run "moments run" first\n`,
        )
      return EXIT.ok
    }
    const store = createStore(openStore(config.statePath, { readonly: true }))
    try {
      const usage = ruleUsage(store, { sinceMs, untilMs })
      if (flags.json) for (const u of usage) ctx.stdout.write(`${JSON.stringify(toRuleUsageJson(u))}\n`)
      else if (usage.length === 0) ctx.stderr.write('no delivered moments in this period\n')
      else ctx.stdout.write(`${usageTable(usage, ctx.color)}\n`)
    } finally {
      store.close()
    }
    return EXIT.ok
  } catch (error) {
    return failureExit(statePath ? storeFailure(statePath, error) : error, ctx, 'cannot read the history')
  }
}
