import type { EventSource } from './eventSource.ts'
import { REQUIRED_COLUMNS } from './rowContract.ts'
import { openEventSource } from './sourceRegistry.ts'
import { reason, WarehouseUnavailableError } from './warehouseErrors.ts'

export interface WarehouseProbe {
  ok: boolean
  detail: string
  latencyMs: number
  columns: string[]
}

/** Connects and asks for the query's shape only: cheap on any warehouse size. */
export async function probeWarehouse(
  url: string,
  query: string,
  statementTimeoutMs: number,
): Promise<WarehouseProbe> {
  let source: EventSource
  try {
    source = openEventSource({ url, query, statementTimeoutMs })
  } catch (error) {
    return { ok: false, latencyMs: 0, columns: [], detail: reason(error) }
  }
  try {
    return await probeSource(source)
  } finally {
    await source.close()
  }
}

export async function probeSource(source: EventSource): Promise<WarehouseProbe> {
  const started = Date.now()
  try {
    const { columns, engine } = await source.probe()
    const latencyMs = Date.now() - started
    const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c))
    if (missing.length > 0) {
      return {
        ok: false,
        latencyMs,
        columns,
        detail: `${source.label}: the query lacks ${missing.join(', ')}`,
      }
    }
    const extra = columns.length - REQUIRED_COLUMNS.length
    return {
      ok: true,
      latencyMs,
      columns,
      detail: `${source.label} (${engine}): the query returns the contract columns and ${extra} more (${latencyMs} ms)`,
    }
  } catch (error) {
    const latencyMs = Date.now() - started
    // A connection failure's message names the address too: give its cause, once.
    const cause = error instanceof WarehouseUnavailableError && error.cause ? error.cause : error
    return { ok: false, latencyMs, columns: [], detail: `${source.label}: ${reason(cause)}` }
  }
}
