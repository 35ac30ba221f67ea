import { REQUIRED_COLUMNS } from './rowContract.ts'
import { connectWarehouse, reason, redactUrl, WarehouseUnavailableError } from './warehouseConnection.ts'

export interface WarehouseProbe {
  ok: boolean
  detail: string
  latencyMs: number
  columns: string[]
}

/** Connects and asks for the query's shape only (LIMIT 0): cheap on any warehouse size. */
export async function probeWarehouse(
  url: string,
  query: string,
  statementTimeoutMs: number,
): Promise<WarehouseProbe> {
  const started = Date.now()
  let client: Awaited<ReturnType<typeof connectWarehouse>> | null = null
  try {
    client = await connectWarehouse({ url, statementTimeoutMs })
    const result = await client.query(
      `SELECT * FROM (${query.trim().replace(/;\s*$/, '')}) AS enriched LIMIT 0`,
    )
    const columns = result.fields.map((f) => f.name)
    const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c))
    const latencyMs = Date.now() - started
    if (missing.length > 0) {
      return {
        ok: false,
        latencyMs,
        columns,
        detail: `${redactUrl(url)}: the query lacks ${missing.join(', ')}`,
      }
    }
    const extra = columns.length - REQUIRED_COLUMNS.length
    return {
      ok: true,
      latencyMs,
      columns,
      detail: `${redactUrl(url)}: the query returns the contract columns and ${extra} more (${latencyMs} ms)`,
    }
  } catch (error) {
    const latencyMs = Date.now() - started
    // A connection failure's message names the address too: give its cause, once.
    const cause = error instanceof WarehouseUnavailableError && error.cause ? error.cause : error
    return { ok: false, latencyMs, columns: [], detail: `${redactUrl(url)}: ${reason(cause)}` }
  } finally {
    await client?.end().catch(() => {})
  }
}
