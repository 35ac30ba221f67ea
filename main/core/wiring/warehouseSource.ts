import type { Logger } from 'pino'
import type { MomentsConfig } from '../config/loadConfig.ts'
import type { DemoWarehouse } from '../demo/demoWarehouse.ts'
import type { OwnershipSource } from '../ownership/ownershipCache.ts'
import type { EventSource } from '../warehouse/eventSource.ts'
import { openEventSource } from '../warehouse/sourceRegistry.ts'
import { redactUrl } from '../warehouse/warehouseErrors.ts'
import { preloadWireDriver } from '../warehouse/wire/wireSession.ts'
import { startDemoWarehouse, usesDemo } from './demoStart.ts'
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

export interface WarehouseSourceOptions {
  clock: () => number
  log: Logger
  liveDemo?: boolean
  salesforceToken?: AccessTokenSource
  /**
   * The demo warehouse, already opening (see startDemoWarehouse): a caller that knows early that
   * it runs the demo starts it before loading the rest. Otherwise it is opened here.
   */
  demo?: Promise<DemoWarehouse>
}

export async function openWarehouseSource(
  config: MomentsConfig,
  options: WarehouseSourceOptions,
): Promise<WarehouseSource> {
  const { clock, log } = options
  const url = usesDemo(config) ? null : config.warehouse.url
  if (url === null) {
    const started = clock()
    // pg, which will talk to it, loads while PGlite waits on its files and its WebAssembly.
    const [demo] = await Promise.all([
      options.demo ?? startDemoWarehouse(config, { now: new Date(started), log }),
      preloadWireDriver(),
    ])
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
    url,
    query: config.warehouse.query,
    statementTimeoutMs: config.warehouse.statementTimeout,
    note: (details: Record<string, unknown>, message: string) => log.debug(details, message),
  }
  return {
    events: () => openEventSource(settings),
    label: redactUrl(url),
    demo: false,
    ownership: salesforceOwnership(config.salesforce, options.salesforceToken),
    close: async () => {},
  }
}
