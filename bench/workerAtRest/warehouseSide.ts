// The worker at rest on a real warehouse, set up as a user's desktop would be: the bench's
// PostgreSQL with a small warehouse whose newest rows are minutes old (the first poll reaches a
// day back), Salesforce's REST API played by the tests' stand-in on 127.0.0.1 owning every
// account, and the settings the settings window saves in desktop-settings.json. The warehouse
// password and the Salesforce token are not in that file: main hands them to the worker in its
// `start` message, from the keychain, and so does this figure.
import pg from 'pg'
import { settingsFile } from '../../main/desktop/service/settingsFile.ts'
import { defaultDesktopSettings } from '../../shared/settings/desktopSettings.ts'
import { SalesforceStandIn, STAND_IN_USER } from '../../test/support/salesforceStandIn.ts'
import type { BenchPostgres } from '../benchPostgres.ts'
import { benchWarehouse, type WarehouseSpec } from '../warehouseData.ts'

const READER = 'moments_desktop_reader'
const READER_PASSWORD = 'worker-at-rest'

export interface WarehouseSide {
  rows: number
  accounts: number
  /** What main's vault hands the worker */
  secrets: Record<string, string>
  close(): Promise<void>
}

export interface WarehouseSize {
  accounts: number
  /** Events of the generated week; the worker's first poll reads its last day */
  weekEvents: number
}

/** A week of the generator's events, ending now (rebuilt each run: it is small). */
function restSpec(size: WarehouseSize): WarehouseSpec {
  const end = new Date(Math.floor(Date.now() / 60_000) * 60_000)
  return { name: 'worker_at_rest', seed: 17, regions: 1, weeks: 1, end, ...size }
}

export async function warehouseSide(
  server: BenchPostgres,
  dataDir: string,
  options: { size: WarehouseSize; pollInterval: string },
): Promise<WarehouseSide> {
  const warehouse = await benchWarehouse(server, restSpec(options.size))
  // A reader with a password, as a warehouse gives a user (the bench server trusts local
  // connections, so the password travels as it would but is not what lets the worker in).
  await server.admin(async (admin) => {
    const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [READER])
    if (exists.rowCount === 0) await admin.query(`CREATE ROLE ${READER} LOGIN PASSWORD '${READER_PASSWORD}'`)
  })
  await server.admin((admin) =>
    admin.query(`GRANT CONNECT ON DATABASE "${warehouse.spec.name}" TO ${READER}`),
  )
  const grants = new pg.Client({ connectionString: warehouse.url })
  await grants.connect()
  try {
    await grants.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${READER}`)
  } finally {
    await grants.end()
  }
  const standIn = new SalesforceStandIn({
    currentUser: STAND_IN_USER,
    accounts: warehouse.accounts.map((a) => ({ id: a.id, name: a.name, people: { OwnerId: STAND_IN_USER } })),
  })
  const { url: instanceUrl } = await standIn.start()
  const readerUrl = new URL(warehouse.url)
  readerUrl.username = READER
  settingsFile(dataDir).save({
    ...defaultDesktopSettings(),
    warehouseUrl: readerUrl.toString(),
    pollInterval: options.pollInterval,
    salesforceInstanceUrl: instanceUrl,
  })
  return {
    rows: warehouse.rows,
    accounts: warehouse.accounts.length,
    secrets: { warehousePassword: READER_PASSWORD, salesforceAccessToken: standIn.accessToken },
    close: () => standIn.close(),
  }
}
