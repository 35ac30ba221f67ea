import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../support/postgres.ts'
import { runCli } from '../../support/runCli.ts'
import { SalesforceStandIn } from '../../support/salesforceStandIn.ts'
import { accountsOwnedBy, standInUser } from '../../support/standInBook.ts'

// The state file at start: damaged, locked by another process, from a newer Moments, not a file.
// Every command says which file and what to do, exits 1, never prints a stack trace — and a
// damaged or locked file is left as it was (nothing overwritten, nothing lost).

const me = standInUser(1, 'Ada Manager')
const [acme] = accountsOwnedBy(1, { OwnerId: me })

let db: TestDatabase
let salesforce: SalesforceStandIn
let dir: string
let env: Record<string, string>
let healthy: string

beforeAll(async () => {
  db = await createTestDatabase('state_file')
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  await client.query(
    `CREATE TABLE events AS SELECT 'ev-' || i AS event_id, now() - i * interval '1 minute' AS loaded_at,
      now() - i * interval '1 minute' AS occurred_at, 'webserver'::text AS source, 'add_input'::text AS event_type,
      $1::text AS account_id, 'Acme'::text AS account_name, false AS is_response_ok
    FROM generate_series(1, 400) AS i`,
    [acme?.id],
  )
  await client.end()
  salesforce = new SalesforceStandIn({ currentUser: me, accounts: acme ? [acme] : [] })
  await salesforce.start()
  dir = mkdtempSync(join(tmpdir(), 'moments-state-file-'))
  env = {
    TEST_SF_TOKEN: salesforce.accessToken,
    MOMENTS_DATA_DIR: join(dir, 'data'),
    MOMENTS_CONFIG_DIR: dir,
  }
  writeFileSync(
    join(dir, 'rules.yaml'),
    `rules:
  - id: input-add-failed
    name: Failed to add an input
    when: event.event_type == "add_input" && !event.is_response_ok
    message: "failed ({{event_id}})"
`,
  )
  // A healthy state file with 400 moments, copied for each case.
  healthy = join(dir, 'healthy.db')
  const first = await run(config('healthy'))
  expect(first.code, first.stderr).toBe(0)
  const checkpoint = new Database(healthy)
  checkpoint.pragma('wal_checkpoint(TRUNCATE)')
  checkpoint.close()
})

afterAll(async () => {
  await salesforce?.close()
  await db?.drop()
})

function config(name: string): string {
  const path = join(dir, `${name}.yaml`)
  writeFileSync(
    path,
    `warehouse:
  url: ${db.url}
  query: SELECT * FROM events
  backfill: 1d
salesforce:
  instanceUrl: ${salesforce.url}
  accessToken: env:TEST_SF_TOKEN
rules: ./rules.yaml
state: ./${name}.db
`,
  )
  return path
}

const run = (path: string) => runCli(['run', '--once', '--config', path], env)
const history = (path: string) => runCli(['history', '--json', '--config', path], env)
const doctor = (path: string) => runCli(['doctor', '--config', path], env)

function expectClear(result: { code: number | null; stderr: string; stdout: string }, message: RegExp): void {
  expect(result.code, result.stderr).toBe(1)
  expect(result.stderr + result.stdout).toMatch(message)
  expect(result.stderr).not.toMatch(/\n\s+at /)
}

describe('a state file that is not a database', () => {
  it('is refused by run, history and doctor, naming the file, and left untouched', async () => {
    const path = config('garbage')
    const state = join(dir, 'garbage.db')
    const garbage = Buffer.from('this is not a SQLite database, just some bytes\n'.repeat(200))
    writeFileSync(state, garbage)
    const damaged = new RegExp(`state file ${state} is damaged \\(file is not a database\\); move it aside`)
    expectClear(await run(path), damaged)
    expectClear(await history(path), damaged)
    const checked = await doctor(path)
    expect(checked.code).toBe(1)
    expect(checked.stdout).toMatch(/✗ state\s+state file .* is damaged/)
    expect(readFileSync(state).equals(garbage)).toBe(true)
  })
})

describe('a state file damaged inside (its header intact)', () => {
  it('says the file is damaged when a page cannot be read, whatever the command', async () => {
    const path = config('torn')
    const state = join(dir, 'torn.db')
    copyFileSync(healthy, state)
    // Zero a run of pages in the middle: tables and indexes whose pages are gone.
    const fd = openSync(state, 'r+')
    writeSync(fd, Buffer.alloc(4096 * 8, 0xa5), 0, 4096 * 8, 4096 * 4)
    closeSync(fd)
    const damaged = new RegExp(`state file ${state} is damaged \\(database disk image is malformed\\)`)
    expectClear(await run(path), damaged)
    expectClear(await history(path), damaged)
    const checked = await doctor(path)
    expect(checked.code).toBe(1)
    expect(checked.stdout).toMatch(/✗ state\s+state file .*torn\.db is damaged/)
  })
})

describe('a state file locked by another process', () => {
  it('while another writer holds it: says who may hold it, then works once it is released', async () => {
    const path = config('busy')
    const state = join(dir, 'busy.db')
    copyFileSync(healthy, state)
    const other = new Database(state)
    other.exec('BEGIN IMMEDIATE')
    try {
      expectClear(await run(path), new RegExp(`state file ${state} is locked by another process`))
      // Reading is not blocked by a writer (WAL).
      const listed = await history(path)
      expect(listed.code, listed.stderr).toBe(0)
      expect(listed.json()).toHaveLength(400)
    } finally {
      other.exec('ROLLBACK')
      other.close()
    }
    const again = await run(path)
    expect(again.code, again.stderr).toBe(0)
  }, 60_000)

  it('while another process has it exclusively: refused at start with the same reason', async () => {
    const path = config('exclusive')
    const state = join(dir, 'exclusive.db')
    copyFileSync(healthy, state)
    const other = new Database(state)
    other.pragma('locking_mode = EXCLUSIVE')
    other.exec('BEGIN EXCLUSIVE; COMMIT') // takes the lock, and keeps it
    try {
      const locked = new RegExp(`state file ${state} is locked by another process`)
      expectClear(await run(path), locked)
      expectClear(await history(path), locked)
    } finally {
      other.close()
    }
    expect((await run(path)).code).toBe(0)
  }, 60_000)
})

describe('other states at start', () => {
  it('refuses a file written by a newer Moments, saying so', async () => {
    const path = config('newer')
    const state = join(dir, 'newer.db')
    copyFileSync(healthy, state)
    const newer = new Database(state)
    newer.pragma('user_version = 99')
    newer.close()
    expectClear(await run(path), /state file .*newer\.db: it was written by a newer Moments \(schema 99/)
  })

  it('says it cannot open a state path that is a directory', async () => {
    const path = config('directory')
    mkdirSync(join(dir, 'directory.db'))
    expectClear(await run(path), /cannot open state file .*directory\.db/)
  })

  it('takes an empty file as a new state file', async () => {
    const path = config('empty')
    writeFileSync(join(dir, 'empty.db'), '')
    const result = await run(path)
    expect(result.code, result.stderr).toBe(0)
    expect((await history(path)).json()).toHaveLength(400)
  })
})
