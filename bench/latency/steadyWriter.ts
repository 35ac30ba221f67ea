// The warehouse's loading job at a steady rate: moment-worthy synthetic events (the generator's
// `highlights` mix) inserted as they come, each stamped loaded_at = now() by PostgreSQL.
import pg from 'pg'
import { errorMessage } from '../../shared/errorMessage.ts'
import type { SyntheticAccount } from '../../warehouse/synthetic/index.ts'
import { generateEventWindow } from '../../warehouse/synthetic/index.ts'

const TABLES = ['webserver_events', 'backend_logs', 'website_events', 'zabbix_alerts'] as const

export interface SteadyWriter {
  stop(): Promise<{ rows: number; lateTicks: number }>
}

/** Inserts about `rowsPerSecond` rows, a tick every 100 ms, until stopped. */
export async function startSteadyWriter(options: {
  url: string
  seed: number
  accounts: SyntheticAccount[]
  rowsPerSecond: number
}): Promise<SteadyWriter> {
  const client = new pg.Client({ connectionString: options.url })
  await client.connect()
  const tickMs = 100
  let rows = 0
  let ticks = 0
  let lateTicks = 0
  let running = true
  let busy = false
  const timer = setInterval(() => {
    if (busy) {
      lateTicks++
      return
    }
    busy = true
    ticks++
    const to = new Date()
    const tables = generateEventWindow({
      seed: options.seed,
      accounts: options.accounts,
      from: new Date(to.getTime() - tickMs),
      to,
      events: Math.max(1, Math.round((options.rowsPerSecond * tickMs) / 1000)),
      mix: 'highlights',
      brokenFraction: 0,
    })
    insertNow(client, tables, ticks)
      .then((n) => {
        rows += n
      })
      .catch((error) => {
        if (running) console.error(`steady writer: ${errorMessage(error)}`)
      })
      .finally(() => {
        busy = false
      })
  }, tickMs)
  return {
    async stop() {
      running = false
      clearInterval(timer)
      while (busy) await new Promise((resolve) => setTimeout(resolve, 10))
      await client.end()
      return { rows, lateTicks }
    },
  }
}

/** One statement per table; loaded_at is the server's now(), occurred_at keeps its delay before it. */
async function insertNow(
  client: pg.Client,
  tables: ReturnType<typeof generateEventWindow>,
  tick: number,
): Promise<number> {
  let inserted = 0
  for (const table of TABLES) {
    const list = tables[table] as unknown as Record<string, unknown>[]
    const first = list[0]
    if (!first) continue
    const columns = Object.keys(first)
    const params: unknown[] = []
    const tuples = list.map((row) => {
      const loadedAt = (row.loaded_at as Date).getTime()
      return `(${columns
        .map((column) => {
          if (column === 'loaded_at') return 'now()'
          if (column === 'occurred_at') {
            params.push(loadedAt - (row.occurred_at as Date).getTime())
            return `now() - make_interval(secs => $${params.length}::float8 / 1000)`
          }
          // The generator's ids carry the second their period starts: ticks within one second
          // would share them.
          params.push(column === 'event_id' ? `${row.event_id}.${tick}` : row[column])
          return `$${params.length}`
        })
        .join(', ')})`
    })
    const result = await client.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`,
      params,
    )
    inserted += result.rowCount ?? 0
  }
  return inserted
}
