// New rows for a fleet to find: the warehouse's own last hour replayed at its real pace, an hour
// later (and with new event ids), so the warehouse goes on growing from its newest row as a
// loading job would. Not stamped with the clock's now(): the data ends on a fixed day, and a
// hours-wide gap before the new rows makes the planner expect thousands of new rows and read
// website_events whole (measured: 9 s a poll). Removed again afterwards: the data stays as built.
import pg from 'pg'

const TABLES = ['webserver_events', 'backend_logs', 'website_events', 'zabbix_alerts'] as const

export interface HeadReplay {
  stop(): Promise<{ rows: number }>
}

export async function startHeadReplay(url: string, end: Date): Promise<HeadReplay> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const statements: string[] = []
  for (const table of TABLES) {
    const { rows } = await client.query(
      'SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
      [table],
    )
    const columns = rows.map((r) => r.column_name as string)
    const select = columns.map((c) =>
      c === 'event_id'
        ? `event_id || '.live' || $3`
        : c === 'loaded_at' || c === 'occurred_at'
          ? `${c} + INTERVAL '1 hour'`
          : c,
    )
    statements.push(
      `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${select.join(', ')} FROM ${table}
       WHERE loaded_at > $1::timestamptz AND loaded_at <= $2::timestamptz`,
    )
  }
  const hourAgo = end.getTime() - 3_600_000
  const started = Date.now()
  let replayedTo = 0
  let rows = 0
  let busy: Promise<void> = Promise.resolve()
  const timer = setInterval(() => {
    busy = busy.then(async () => {
      const to = Date.now() - started
      for (const statement of statements) {
        const result = await client.query(statement, [
          new Date(hourAgo + replayedTo).toISOString(),
          new Date(hourAgo + to).toISOString(),
          String(to),
        ])
        rows += result.rowCount ?? 0
      }
      replayedTo = to
    })
  }, 1_000)
  return {
    async stop() {
      clearInterval(timer)
      await busy
      for (const table of TABLES) await client.query(`DELETE FROM ${table} WHERE loaded_at > $1`, [end])
      for (const table of TABLES) await client.query(`VACUUM ANALYZE ${table}`)
      await client.end()
      return { rows }
    },
  }
}
