import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createPoller } from '../../../main/core/pipeline/poller.ts'
import { parseRulesFile } from '../../../main/core/rules/loadRules.ts'
import { capturedLog } from '../../support/capturedLog.ts'
import { memoryStore, OWNED_ID } from '../../support/pipelineFixtures.ts'
import '../../support/providedContext.ts'
import { testSource } from '../../support/testSource.ts'

// Invalid UTF-8 in text columns. A UTF8 database refuses it on input, so a warehouse can only
// hand it over from a database without an encoding (SQL_ASCII: bytes in, bytes out; Redshift
// loads it only with ACCEPTINVCHARS, which replaces it). The client decodes what it gets as
// UTF-8, replacing each invalid sequence with U+FFFD: the row is recorded, nothing crashes.

const NOW = Date.UTC(2026, 10, 26, 12, 0)
const RULES = parseRulesFile(
  'every-event.yaml',
  `
rules:
  - id: every-event
    name: Event
    when: "true"
    message: "{{user_name}} in {{account_name}}"
`,
)

const server = inject('pg')
const name = `invalid_utf8_${randomBytes(4).toString('hex')}`
const url = `postgres://${server.user}@${server.host}:${server.port}/${name}`
let admin: pg.Client
let client: pg.Client

beforeAll(async () => {
  admin = new pg.Client({ connectionString: server.adminUrl })
  await admin.connect()
  await admin.query(
    `CREATE DATABASE ${name} ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`,
  )
  client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query(`CREATE TABLE events (
    event_id text, loaded_at timestamptz, occurred_at timestamptz, source text, event_type text,
    account_id text, account_name text, user_name text)`)
})

afterAll(async () => {
  await client?.end()
  await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin?.end()
})

describe('invalid UTF-8 in text columns (a SQL_ASCII warehouse)', () => {
  it('records the rows with U+FFFD in place of the bad bytes, and re-reads none as new', async () => {
    const at = (minute: number) => new Date(NOW - (30 - minute) * 60_000).toISOString()
    // Raw bytes, given in hex: SQL_ASCII stores them as they are.
    const hex = (text: string) => Buffer.from(text, 'latin1').toString('hex')
    const insert = (id: string, minute: number, accountName: string, userName: string) =>
      client.query(
        `INSERT INTO events VALUES (convert_from(decode($1, 'hex'), 'SQL_ASCII'), $2, $2, 'webserver',
           'add_input', $3, convert_from(decode($4, 'hex'), 'SQL_ASCII'), convert_from(decode($5, 'hex'), 'SQL_ASCII'))`,
        [hex(id), at(minute), OWNED_ID, hex(accountName), hex(userName)],
      )
    await insert('ev-1', 1, 'Acme \xff\xfe Corp', '\xc3\x28')
    await insert('ev-2\xff', 2, 'Acme Corp', '\xe2\x82')
    await insert('ev-3', 3, 'Globex', 'Jo')
    const store = memoryStore()
    const { log } = capturedLog('warn')
    const poller = createPoller({
      store,
      rules: RULES,
      ownership: null,
      source: testSource(url, 'SELECT * FROM events', { key: 'sql-ascii', statementTimeoutMs: 30_000 }),
      lookbackMs: 120_000,
      backfillMs: 86_400_000,
      forwardTo: [],
      clock: () => NOW,
      log,
    })
    const report = await poller.poll()
    expect(report.delivered).toBe(3)
    const bodies = store.moments.list({}).map((m) => m.body)
    expect(bodies).toEqual(['Jo in Globex', '\ufffd in Acme Corp', '\ufffd( in Acme \ufffd\ufffd Corp'])
    expect(store.moments.list({}).map((m) => m.eventIds[0])).toEqual(['ev-3', 'ev-2\ufffd', 'ev-1'])
    expect((await poller.poll()).delivered).toBe(0)
    expect(store.counters.list()).toEqual([])
    await poller.close()
  })
})
