import { existsSync } from 'node:fs'
import pc from 'picocolors'
import { formatDuration } from '../../../shared/duration.ts'
import { errorMessage } from '../../../shared/errorMessage.ts'
import { outboxCheck } from '../../core/channels/outboxCheck.ts'
import { configuredChannels, configuredDestinations, teamChannel } from '../../core/channels/registry.ts'
import { ConfigError } from '../../core/config/configErrors.ts'
import { loadConfig, type MomentsConfig } from '../../core/config/loadConfig.ts'
import { accountFieldsCheck } from '../../core/ownership/accountFieldsCheck.ts'
import { fetchOwnedAccounts } from '../../core/ownership/salesforceOwnership.ts'
import { teamDirectoryCheck } from '../../core/ownership/teamDirectory.ts'
import { loadRules } from '../../core/rules/loadRules.ts'
import type { SetupCheck } from '../../core/setupCheck.ts'
import { openStore, storeFailure } from '../../core/store/openStore.ts'
import { createStore } from '../../core/store/store.ts'
import { probeSource } from '../../core/warehouse/probeWarehouse.ts'
import { openWarehouseSource, type WarehouseSource } from '../../core/wiring/warehouseSource.ts'
import { type CliContext, EXIT } from '../cliContext.ts'
import { failureExit } from '../failureExit.ts'
import { terminalLines, terminalText } from '../output/terminalText.ts'

type Check = SetupCheck
type Verdict = Check['verdict']

/** `moments doctor`: checks the warehouse, Salesforce, the channels and the rules; sends nothing. */
export async function doctorCommand(
  flags: { config?: string; demo?: boolean },
  ctx: CliContext,
): Promise<number> {
  let config: MomentsConfig
  try {
    config = loadConfig({ configFlag: flags.config, demo: flags.demo, env: ctx.env })
  } catch (error) {
    return failureExit(error, ctx, 'cannot read the configuration')
  }
  const checks: Check[] = []
  const add = (check: Check) => {
    checks.push(check)
    ctx.stdout.write(`${line(check, ctx.color)}\n`)
  }

  add({
    name: 'config',
    kind: 'info',
    verdict: 'ok',
    detail:
      config.origin.kind === 'file'
        ? config.origin.path
        : 'none found: the demo (embedded warehouse, synthetic events, built-in owner)',
  })
  add(checkRules(config))
  add(checkState(config))
  for (const check of await checkServices(config, ctx)) add(check)
  for (const { plugin, settings } of configuredChannels(config.channels)) {
    for (const check of await plugin.checks(settings, { log: ctx.log })) add(check)
  }
  const outbox = outboxCheck(configuredDestinations(config.channels), config.statePath, Date.now())
  if (outbox) add(outbox)

  if (checks.some((c) => c.verdict === 'fail' && c.kind === 'config')) return EXIT.usage
  if (checks.some((c) => c.verdict === 'fail' && c.kind === 'service')) return EXIT.failure
  return EXIT.ok
}

function checkRules(config: MomentsConfig): Check {
  try {
    const rules = loadRules(config.rules)
    const where =
      config.rules.kind === 'file'
        ? config.rules.path
        : config.rules.kind === 'default'
          ? 'the default rule set'
          : 'inline in moments.yaml'
    return { name: 'rules', kind: 'config', verdict: 'ok', detail: `${rules.length} rules from ${where}` }
  } catch (error) {
    const detail = error instanceof ConfigError ? error.problems.join('\n') : String(error)
    return { name: 'rules', kind: 'config', verdict: 'fail', detail }
  }
}

function checkState(config: MomentsConfig): Check {
  if (!existsSync(config.statePath)) {
    return {
      name: 'state',
      kind: 'info',
      verdict: 'ok',
      detail: `${config.statePath} (not created yet: the first run makes it)`,
    }
  }
  try {
    const store = createStore(openStore(config.statePath, { readonly: true }))
    try {
      const sync = store.sync.get()
      const total = store.moments.count({})
      const parts = [`${config.statePath}: ${total} moments`]
      if (sync.lastSuccessAt) parts.push(`last sync ${ago(sync.lastSuccessAt)}`)
      const problems = store.counters.list().map((c) => {
        const example = c.example ?? COUNTER_HINTS[c.kind]
        return `${COUNTER_SCOPES[c.scope] ?? c.scope}: ${c.kind} × ${c.count}${example ? ` (${terminalText(example, 120)})` : ''}`
      })
      const lastError =
        sync.lastError && sync.lastErrorAt && (!sync.lastSuccessAt || sync.lastErrorAt > sync.lastSuccessAt)
      if (lastError) parts.push(`last poll failed ${ago(sync.lastErrorAt as number)}: ${sync.lastError}`)
      const detail = [parts.join(', '), ...problems].join('\n')
      return {
        name: 'state',
        kind: 'info',
        verdict: lastError || problems.length > 0 ? 'warn' : 'ok',
        detail,
      }
    } finally {
      store.close()
    }
  } catch (error) {
    const failure = storeFailure(config.statePath, error)
    return {
      name: 'state',
      kind: 'service',
      verdict: 'fail',
      detail: errorMessage(failure),
    }
  }
}

async function checkServices(config: MomentsConfig, ctx: CliContext): Promise<Check[]> {
  const source = await openWarehouseSource(config, { clock: Date.now, log: ctx.log })
  try {
    const events = source.events()
    const probe = await probeSource(events).finally(() => events.close())
    const where = source.demo ? 'demo: ' : ''
    const warehouse: Check = {
      name: 'warehouse',
      kind: 'service',
      verdict: probe.ok ? 'ok' : 'fail',
      detail: `${where}${probe.detail}`,
    }
    const team = teamChannel(config.channels)
    const ownership =
      team && config.salesforce && !source.demo
        ? await teamDirectoryCheck(config.salesforce, team.personFields)
        : await checkOwnership(config, source)
    return [warehouse, ownership, await checkAccountFields(config, source)]
  } finally {
    await source.close()
  }
}

async function checkOwnership(config: MomentsConfig, source: WarehouseSource): Promise<Check> {
  const sf = config.salesforce
  if (source.demo || !sf) {
    const snapshot = await source.ownership.fetch()
    return {
      name: 'salesforce',
      kind: 'info',
      verdict: 'ok',
      detail: `demo owner ${snapshot.userId}: ${snapshot.accounts.length} accounts`,
    }
  }
  try {
    // Doctor answers quickly: one retry, a short timeout.
    const snapshot = await fetchOwnedAccounts({
      instanceUrl: sf.instanceUrl,
      accessToken: sf.accessToken,
      apiVersion: sf.apiVersion,
      userId: sf.userId,
      ownerFields: sf.ownerFields,
      retries: 1,
      timeoutMs: 15_000,
    })
    return {
      name: 'salesforce',
      kind: 'service',
      verdict: snapshot.accounts.length > 0 ? 'ok' : 'warn',
      detail: `${sf.instanceUrl}: user ${snapshot.userId} owns ${snapshot.accounts.length} accounts (by ${sf.ownerFields.join(', ')})`,
    }
  } catch (error) {
    return {
      name: 'salesforce',
      kind: 'service',
      verdict: 'fail',
      detail: `${sf.instanceUrl}: ${errorMessage(error)}`,
    }
  }
}

async function checkAccountFields(config: MomentsConfig, source: WarehouseSource): Promise<Check> {
  let rules: ReturnType<typeof loadRules> = []
  try {
    rules = loadRules(config.rules)
  } catch {
    // The rules check says what is wrong with them.
  }
  if (source.demo || !config.salesforce) {
    const { accountFields = [] } = await source.ownership.fetch()
    const listed = accountFields.map((field) => `${field.path} (${field.label})`).join(', ')
    return {
      name: 'account fields',
      kind: 'info',
      verdict: 'ok',
      detail: `demo accounts: ${listed || 'none'}`,
    }
  }
  return accountFieldsCheck(config.salesforce, rules)
}

const COUNTER_SCOPES: Record<string, string> = { row: 'rows skipped', 'row-adjusted': 'rows adjusted' }

const COUNTER_HINTS: Record<string, string> = {
  'future-loaded-at': "loaded_at later than this computer's clock: held until then; check both clocks",
  'future-occurred-at': 'occurred_at more than an hour after loaded_at: recorded at its load time',
}

const MARK: Record<Verdict, string> = { ok: '✓', warn: '!', fail: '✗' }

function line(check: Check, color: boolean): string {
  const c = pc.createColors(color)
  const paint = check.verdict === 'ok' ? c.green : check.verdict === 'warn' ? c.yellow : c.red
  // Details quote servers (an error's text): escaped like event text.
  const [first, ...rest] = terminalLines(check.detail).split('\n')
  const indent = ' '.repeat(16)
  return [
    `${paint(MARK[check.verdict])} ${check.name.padEnd(13)} ${first}`,
    ...rest.map((r) => `${indent}${r}`),
  ].join('\n')
}

function ago(ms: number): string {
  const delta = Math.max(0, Date.now() - ms)
  return delta < 1_000 ? 'just now' : `${formatDuration(Math.round(delta / 1_000) * 1_000)} ago`
}
