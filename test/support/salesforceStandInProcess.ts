/**
 * The Salesforce stand-in as a process, for end-to-end tests of the CLI:
 *
 *   npx tsx test/support/salesforceStandInProcess.ts [fixture.json]
 *
 * The fixture holds `SalesforceStandInOptions` (accounts, currentUser, accessToken, pageSize, …).
 * Once listening it prints one JSON line, `{"url":"http://127.0.0.1:PORT","accessToken":"…"}`, on
 * stdout; faults are then set over HTTP (`POST /__stand-in/faults {"count":2,"fault":{"status":500}}`,
 * `POST /__stand-in/expire-token`, `GET /__stand-in/requests`). It stops on SIGTERM or SIGINT.
 */
import { readFile } from 'node:fs/promises'
import { SalesforceStandIn, type SalesforceStandInOptions } from './salesforceStandIn.ts'

const fixturePath = process.argv[2]
const options: SalesforceStandInOptions = fixturePath ? JSON.parse(await readFile(fixturePath, 'utf8')) : {}
const standIn = new SalesforceStandIn(options)
const { url, close } = await standIn.start()
process.stdout.write(`${JSON.stringify({ url, accessToken: standIn.accessToken })}\n`)

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    close().then(() => process.exit(0))
  })
}
