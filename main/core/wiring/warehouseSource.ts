import { join } from 'node:path'
import type { Logger } from 'pino'
import type { MomentsConfig } from '../config/loadConfig.ts'
import type { OwnershipSource } from '../ownership/ownershipCache.ts'
import { redactUrl } from '../warehouse/warehouseConnection.ts'
import { type AccessTokenSource, fixedOwnership, salesforceOwnership } from './ownershipSources.ts'
import { warehouseKey } from './warehouseKey.ts'

/** Where events and ownership come from: the configured warehouse and Salesforce, or the demo. */
export interface WarehouseSource {
  url: string
  /** Without credentials, for logs and doctor */
  label: string
  /** Which warehouse the poll cursor belongs to: stable across restarts (the demo's port is not) */
  key: string
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
    return {
      url: demo.url,
      label: 'demo warehouse (embedded PGlite)',
      key: 'demo',
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
  return {
    url: config.warehouse.url,
    label: redactUrl(config.warehouse.url),
    key: warehouseKey(config.warehouse.url),
    demo: false,
    ownership: salesforceOwnership(config.salesforce, options.salesforceToken),
    close: async () => {},
  }
}
