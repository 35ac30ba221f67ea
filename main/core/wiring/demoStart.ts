// Whether a config runs the demo, and starting its warehouse early. Kept apart from
// warehouseSource.ts, which loads the warehouse client: `moments run` imports this first, so that
// the demo's warehouse starts opening before the rest of the core has loaded.
import { join } from 'node:path'
import type { MomentsConfig } from '../config/loadConfig.ts'
import type { DemoLog, DemoWarehouse } from '../demo/demoWarehouse.ts'
import { compilePgliteWasm } from '../demo/pgliteWasm.ts'

export function usesDemo(config: MomentsConfig): boolean {
  return config.origin.kind === 'demo' || config.warehouse.url === null
}

/**
 * Opens the demo warehouse of `config`, to be passed to openCore or openWarehouseSource as `demo`.
 * PGlite's WebAssembly starts compiling at once, on V8's background threads, while this thread
 * loads PGlite, the rules and the state file; PGlite otherwise compiled it only after loading
 * its JavaScript and share files, with this thread waiting.
 */
export function startDemoWarehouse(
  config: MomentsConfig,
  options: { now: Date; log: DemoLog },
): Promise<DemoWarehouse> {
  const pgliteWasm = compilePgliteWasm()
  // Reported where it is awaited (openDemoWarehouse); until then not an unhandled rejection.
  pgliteWasm.catch(() => {})
  // Imported only for the demo: PGlite is a large module a real warehouse never needs.
  const opening = import('../demo/demoWarehouse.ts').then(({ openDemoWarehouse }) =>
    openDemoWarehouse({
      dataDir: join(config.dataDir, 'demo-warehouse'),
      now: options.now,
      log: options.log,
      pgliteWasm,
    }),
  )
  // Its failure is the caller's to report when it awaits it, after loading the rest: until then
  // it must not count as an unhandled rejection, which ends the process.
  opening.catch(() => {})
  return opening
}
