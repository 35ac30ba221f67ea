import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../support/postgres.ts'
import { runCli } from '../../support/runCli.ts'
import { SalesforceStandIn } from '../../support/salesforceStandIn.ts'
import { accountsOwnedBy, standInUser } from '../../support/standInBook.ts'

// What a user sees of malformed rows: `moments run` logs each kind once, goes on with the rest,
// and `moments doctor` lists the counts — which stay the same when later runs re-read the rows.

const me = standInUser(1, 'Ada Manager')
const [acme] = accountsOwnedBy(1, { OwnerId: me })

let db: TestDatabase
let salesforce: SalesforceStandIn
let dir: string
let env: Record<string, string>

beforeAll(async () => {
  db = await createTestDatabase('malformed_cli')
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  await client.query(`CREATE TABLE events (
    event_id text, loaded_at timestamptz, occurred_at timestamptz, source text, event_type text,
    account_id text, account_name text)`)
  const row = (id: string | null, loaded: string, occurred: string, source: string | null) =>
    client.query(`INSERT INTO events VALUES ($1, ${loaded}, ${occurred}, $2, 'add_input', $3, 'Acme')`, [
      id,
      source,
      acme?.id,
    ])
  await row('ok-1', "now() - interval '5 minutes'", "now() - interval '6 minutes'", 'webserver')
  await row(null, "now() - interval '5 minutes'", "now() - interval '6 minutes'", 'webserver')
  await row('no-source-1', "now() - interval '4 minutes'", "now() - interval '6 minutes'", null)
  await row('no-source-2', "now() - interval '4 minutes'", "now() - interval '6 minutes'", '')
  await row('from-2100', "'2100-01-01'", "'2100-01-01'", 'webserver')
  await row('happens-later', "now() - interval '3 minutes'", "now() + interval '3 days'", 'webserver')
  await row('ok-2', "now() - interval '1 minute'", "now() - interval '2 minutes'", 'webserver')
  await client.end()
  salesforce = new SalesforceStandIn({ currentUser: me, accounts: acme ? [acme] : [] })
  await salesforce.start()
  dir = mkdtempSync(join(tmpdir(), 'moments-malformed-cli-'))
  writeFileSync(
    join(dir, 'rules.yaml'),
    'rules:\n  - id: failed\n    name: Failed\n    when: event.event_type == "add_input"\n    message: "{{event_id}}"\n',
  )
  writeFileSync(
    join(dir, 'moments.yaml'),
    `warehouse:\n  url: ${db.url}\n  query: SELECT * FROM events\n  backfill: 1h\nsalesforce:\n  instanceUrl: ${salesforce.url}\n  accessToken: env:TEST_SF_TOKEN\nrules: ./rules.yaml\nstate: ./state.db\n`,
  )
  env = {
    TEST_SF_TOKEN: salesforce.accessToken,
    MOMENTS_DATA_DIR: join(dir, 'data'),
    MOMENTS_CONFIG_DIR: dir,
  }
})

afterAll(async () => {
  await salesforce?.close()
  await db?.drop()
})

describe('malformed rows, as a user of the CLI sees them', () => {
  it('run logs each kind once and records the rest; doctor counts them, once, across runs', async () => {
    const config = join(dir, 'moments.yaml')
    const first = await runCli(['run', '--once', '--json', '--config', config], env)
    expect(first.code, first.stderr).toBe(0)
    expect(first.json().map((m) => (m.event_ids as string[])[0])).toEqual(['ok-1', 'happens-later', 'ok-2'])
    for (const kind of ['missing-event-id', 'missing-source', 'future-loaded-at']) {
      const said = first.stderr.split('\n').filter((l) => l.includes(`breaks the contract: ${kind}`))
      expect(said, kind).toHaveLength(1)
    }
    expect(first.stderr).toMatch(/recorded a warehouse row at its load time/)
    expect(first.stderr).not.toMatch(/\n\s+at /)

    const again = await runCli(['run', '--once', '--json', '--config', config], env)
    expect(again.stdout).toBe('')
    const doctor = await runCli(['doctor', '--config', config], env)
    expect(doctor.stdout).toMatch(/! state .*: 3 moments/)
    expect(doctor.stdout).toMatch(/rows skipped: missing-event-id × 1\n/)
    expect(doctor.stdout).toMatch(/rows skipped: missing-source × 2\n/)
    expect(doctor.stdout).toMatch(
      /rows skipped: future-loaded-at × 1 \(loaded_at later than this computer's clock/,
    )
    expect(doctor.stdout).toMatch(
      /rows adjusted: future-occurred-at × 1 \(occurred_at more than an hour after/,
    )
  })
})
