import { join } from 'node:path'
import type { Logger } from 'pino'
import type { MomentsConfig } from '../config/loadConfig.ts'
import { openDemoWarehouse } from '../demo/demoWarehouse.ts'
import { ownershipCache } from '../ownership/ownershipCache.ts'
import { createPoller, type Poller, type PollListener } from '../pipeline/poller.ts'
import type { CompiledRule } from '../rules/compiledRule.ts'
import { loadRules } from '../rules/loadRules.ts'
import { openMomentsStore, type Store } from '../store/store.ts'
import { connectWarehouse, redactUrl } from '../warehouse/warehouseConnection.ts'
import { fixedOwnership, salesforceOwnership } from './ownershipSources.ts'
import { warehouseKey } from './warehouseKey.ts'

/** The core, assembled from a config: what the CLI and the desktop app both drive. */
export interface Core {
  config: MomentsConfig
  store: Store
  rules: CompiledRule[]
  poller: Poller
  /** Where the events come from, without credentials, for logs and doctor */
  warehouseLabel: string
  pollIntervalMs: number
  close(): Promise<void>
}

export interface OpenCoreOptions {
  log: Logger
  clock?: () => number
  /** Slack outbox channels delivered moments are queued for */
  forwardTo?: readonly string[]
}

/** Loads rules (ConfigError when bad), opens the state and, for the demo, the embedded warehouse. */
export async function openCore(config: MomentsConfig, options: OpenCoreOptions): Promise<Core> {
  const { log } = options
  const clock = options.clock ?? Date.now
  const rules = loadRules(config.rules)
  const store = openMomentsStore(config.statePath)
  try {
    const source = await warehouseSource(config, clock, log)
    const ownership = ownershipCache({
      store,
      source: source.ownership,
      refreshMs: config.salesforce?.refresh ?? 600_000,
      log,
    })
    const inner = createPoller({
      store,
      rules,
      ownership,
      connect: () =>
        connectWarehouse({ url: source.url, statementTimeoutMs: config.warehouse.statementTimeout }),
      query: config.warehouse.query,
      lookbackMs: config.warehouse.lookback,
      backfillMs: config.warehouse.backfill,
      warehouseKey: warehouseKey(source.url),
      forwardTo: options.forwardTo ?? [],
      clock,
      log,
    })
    const poller: Poller = {
      async poll(listener?: PollListener) {
        await source.beforePoll?.()
        return inner.poll(listener)
      },
      close: inner.close,
    }
    return {
      config,
      store,
      rules,
      poller,
      warehouseLabel: source.label,
      pollIntervalMs: config.warehouse.pollInterval,
      async close() {
        await poller.close()
        await source.close()
        store.close()
      },
    }
  } catch (error) {
    store.close()
    throw error
  }
}

async function warehouseSource(config: MomentsConfig, clock: () => number, log: Logger) {
  if (config.origin.kind === 'demo' || config.warehouse.url === null) {
    const started = clock()
    const demo = await openDemoWarehouse({
      dataDir: join(config.dataDir, 'demo-warehouse'),
      now: new Date(started),
      log,
    })
    log.info({ ms: clock() - started }, 'demo warehouse ready (embedded PostgreSQL with synthetic events)')
    return {
      url: demo.url,
      label: 'demo warehouse (embedded PGlite)',
      ownership: fixedOwnership('demo', demo.ownership),
      // The demo keeps producing a few fresh events, so a running demo shows moments arriving.
      beforePoll: async () => {
        await demo.appendLiveEvents(new Date(clock()))
      },
      close: () => demo.close(),
    }
  }
  if (!config.salesforce) throw new Error('salesforce settings are required outside the demo')
  return {
    url: config.warehouse.url,
    label: redactUrl(config.warehouse.url),
    ownership: salesforceOwnership(config.salesforce),
    beforePoll: undefined,
    close: async () => {},
  }
}
