// A real state file for `moments history` to open: the moments of a week of the catch-up
// warehouse, made by the pipeline, and a moments.yaml that points at it, as a user's would.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BenchContext } from '../benchContext.ts'
import { benchLaptop } from '../laptop.ts'
import { benchWarehouse } from '../warehouseData.ts'

const WEEK_MS = 7 * 86_400_000

export interface StartupState {
  configPath: string
  moments: number
}

export async function startupState(ctx: BenchContext, dir: string): Promise<StartupState> {
  const spec = ctx.sizes.catchUp
  const warehouse = await benchWarehouse(ctx.server, spec)
  const statePath = join(dir, 'moments.db')
  const laptop = benchLaptop({
    url: warehouse.url,
    statePath,
    book: warehouse.accounts,
    lookbackMs: 120_000,
    backfillMs: Date.now() - (spec.end.getTime() - WEEK_MS),
  })
  let moments: number
  try {
    await laptop.poller.poll()
    moments = laptop.store.moments.count({})
  } finally {
    await laptop.close()
  }
  const configPath = join(dir, 'moments.yaml')
  writeFileSync(
    configPath,
    [
      'warehouse:',
      `  url: ${warehouse.url}`,
      'salesforce:',
      '  instanceUrl: https://bench.my.salesforce.com',
      '  accessToken: history-never-calls-salesforce',
      'state: moments.db',
      '',
    ].join('\n'),
  )
  return { configPath, moments }
}
