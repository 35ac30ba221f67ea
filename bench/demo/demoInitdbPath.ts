// The reference of the demo figure: the demo warehouse made as before the pre-initialised data
// directory (initdb on the first start), seeded, and read once through its socket as the first
// poll reads it. Prints a line when the first rows arrive.
//   node --import tsx bench/demo/demoInitdbPath.ts <dataDir>
import pg from 'pg'
import { openDemoWarehouse } from '../../main/core/demo/demoWarehouse.ts'

const dataDir = process.argv[2]
if (!dataDir) throw new Error('usage: demoInitdbPath.ts <dataDir>')
const demo = await openDemoWarehouse({ dataDir, now: new Date(), template: null })
const client = new pg.Client({ connectionString: demo.url })
try {
  await client.connect()
  const { rows } = await client.query('SELECT event_id FROM enriched_events ORDER BY loaded_at DESC LIMIT 1')
  console.log(rows[0]?.event_id)
} finally {
  await client.end()
  await demo.close()
}
