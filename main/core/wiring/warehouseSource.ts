import { join } from 'node:path'
import type { Logger } from 'pino'
import type { MomentsConfig } from '../config/loadConfig.ts'
import type { OwnershipSource } from '../ownership/ownershipCache.ts'
import type { EventSource } from '../warehouse/eventSource.ts'
import { openEventSource } from '../warehouse/sourceRegistry.ts'
import { redactUrl } from '../warehouse/warehouseErrors.ts'
import { type AccessTokenSource, fixedOwnership, salesforceOwnership } from './ownershipSources.ts'

/** Where events and ownership come from: the configured warehouse and Salesforce, or the demo. */
export interface WarehouseSource {
  /**
   * Opens a reader of the warehouse's events, with its own connection (made on first use): the
   * poller's, a backtest's and a rules preview's never wait on each other.
   */
  events(): EventSource
  /** Without credentials, for logs and doctor */
  label: string
  demo: boolean
  ownership: OwnershipSource
  beforePoll?: () => Promise<void>
  close(): Promise<void>
}

export async function openWarehouseSource(
  config: MomentsConfig,
  options: { clock: () => number; log: Logger; liveDemo?: boolean; salesforceToken?: AccessTokenSource },
): Promise<WarehouseSource> {
  const { clock, log } = options
  if (config.origin.kind === 'demo' || config.warehouse.url === null) {
    const started = clock()
    // Loaded only for the demo: PGlite is a large module a real warehouse never needs.
    const { openDemoWarehouse } = await import('../demo/demoWarehouse.ts')
    const demo = await openDemoWarehouse({
      dataDir: join(config.dataDir, 'demo-warehouse'),
      now: new Date(started),
      log,
    })
    log.info({ ms: clock() - started }, 'demo warehouse ready (embedded PostgreSQL with synthetic events)')
    const settings = {
      url: demo.url,
      query: config.warehouse.query,
      statementTimeoutMs: config.warehouse.statementTimeout,
    }
    const label = 'demo warehouse (embedded PGlite)'
    return {
      // The cursor's key must survive restarts; the demo's port does not.
      events: () => ({ ...openEventSource(settings), key: 'demo', label }),
      label,
      demo: true,
      ownership: fixedOwnership('demo', demo.ownership),
      // A running demo keeps producing a few fresh events, so moments keep arriving.
      beforePoll: options.liveDemo
        ? async () => {
            await demo.appendLiveEvents(new Date(clock()))
          }
        : undefined,
      close: () => demo.close(),
    }
  }
  if (!config.salesforce) throw new Error('salesforce settings are required outside the demo')
  const settings = {
    url: config.warehouse.url,
    query: config.warehouse.query,
    statementTimeoutMs: config.warehouse.statementTimeout,
    note: (details: Record<string, unknown>, message: string) => log.debug(details, message),
  }
  return {
    events: () => openEventSource(settings),
    label: redactUrl(config.warehouse.url),
    demo: false,
    ownership: salesforceOwnership(config.salesforce, options.salesforceToken),
    close: async () => {},
  }
}
