// Whether a config runs the demo, and starting its warehouse early. Kept apart from
// warehouseSource.ts, which loads the warehouse client: a command imports this first, so that the
// demo's warehouse opens while the rest of the core loads.
import { join } from 'node:path'
import type { MomentsConfig } from '../config/loadConfig.ts'
import type { DemoLog, DemoWarehouse, DemoWarehouseOptions } from '../demo/demoWarehouse.ts'
import { openDemoWarehouseInThread } from '../demo/demoWarehouseInThread.ts'

export function usesDemo(config: MomentsConfig): boolean {
  return config.origin.kind === 'demo' || config.warehouse.url === null
}

export function demoWarehouseOptions(
  config: MomentsConfig,
  options: { now: Date; log: DemoLog },
): DemoWarehouseOptions {
  return { dataDir: join(config.dataDir, 'demo-warehouse'), now: options.now, log: options.log }
}

/**
 * Opens the demo warehouse of `config` in a thread of this process (demoWarehouseInThread.ts), to
 * be passed to openCore or openWarehouseSource as `demo`: PGlite's start then runs beside whatever
 * the caller loads meanwhile.
 */
export function startDemoWarehouse(
  config: MomentsConfig,
  options: { now: Date; log: DemoLog },
): Promise<DemoWarehouse> {
  const opening = openDemoWarehouseInThread(demoWarehouseOptions(config, options))
  // Its failure is the caller's to report when it awaits it, after loading the rest: until then
  // it must not count as an unhandled rejection, which ends the process.
  opening.catch(() => {})
  return opening
}
