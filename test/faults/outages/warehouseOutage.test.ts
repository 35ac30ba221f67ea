import { chmodSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CATCH_UP_ACCOUNTS,
  type CatchUpTable,
  createCatchUpTable,
  OWNED_COUNT,
} from '../../support/catchUpWarehouse.ts'
import { prepareTrial, timedOutSendsIn } from '../../support/crashTrial.ts'
import { startMoments, waitFor } from '../../support/momentsProcess.ts'
import { type PausablePostgres, startPausablePostgres } from '../../support/pausablePostgres.ts'
import { runCli } from '../../support/runCli.ts'
import { SalesforceStandIn } from '../../support/salesforceStandIn.ts'
import { standInUser } from '../../support/standInBook.ts'
import { momentCount, pendingForwards, readState } from '../../support/stateSnapshot.ts'

// The warehouse goes away in the middle of a 100,000-event catch-up: a PostgreSQL 15 server of
// this test's own, stopped at once (connections cut) and started again later on the same port.
// `moments run` keeps running, says what is wrong (its log, sync_status, doctor), polls again
// with backoff, picks up where its last committed batch left off, and loses nothing: every moment
// once, every delivered one in Slack once. CI: down for 6 s; MOMENTS_FAULTS_LONG=1: 60 s.

const LONG = process.env.MOMENTS_FAULTS_LONG === '1'
const OUTAGE_MS = LONG ? 60_000 : 6_000
const me = standInUser(1, 'Ada Manager')
const someoneElse = standInUser(2, 'Bob Other')

let server: PausablePostgres
let url: string
let table: CatchUpTable
let salesforce: SalesforceStandIn
let setupClient: pg.Client

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'moments-outage-'))
  chmodSync(dir, 0o755) // the server runs as the postgres user when the tests run as root
  server = await startPausablePostgres(join(dir, 'pg'))
  await withClient(server.url('postgres'), (c) => c.query('CREATE DATABASE warehouse'))
  url = server.url('warehouse')
  // Kept for the gate of the catch-up table; cut by the outage, and not used after it.
  setupClient = new pg.Client({ connectionString: url })
  setupClient.on('error', () => {})
  await setupClient.connect()
  table = await createCatchUpTable(setupClient, 'catch_up', 100_000)
  salesforce = new SalesforceStandIn({
    currentUser: me,
    accounts: CATCH_UP_ACCOUNTS.map((id, i) => ({
      id,
      name: `Account ${i + 1}`,
      people: { OwnerId: i < OWNED_COUNT ? me : someoneElse },
    })),
  })
  await salesforce.start()
}, 120_000)

afterAll(async () => {
  await setupClient?.end().catch(() => {})
  await salesforce?.close()
  server?.stop()
})

describe(`the warehouse down for ${OUTAGE_MS / 1000} s in the middle of a catch-up`, () => {
  it(
    'keeps running, reports it, recovers by itself, and loses nothing',
    async () => {
      const trial = await prepareTrial({ name: 'outage', warehouseUrl: url, table, salesforce })
      const expected = table.expected
      const total = expected.failedInputs + expected.codeEngineRuns + expected.featurePairs
      const run = startMoments(['run', '--config', trial.configPath], trial.env)
      const stderr = () => run.stderr()
      try {
        await waitFor(() => momentCount(trial.statePath) >= 1_000, stderr)
        const stoppedAt = Date.now()
        server.pause()
        // Stopped mid-catch-up: part of it is in, committed batch by batch.
        expect(momentCount(trial.statePath)).toBeLessThan(total)

        await waitFor(() => /poll failed: .+; retrying in \d+s/.test(stderr()), stderr)
        expect(readState(trial.statePath).sync.lastError).toMatch(
          /^lost the connection to the warehouse \(|cannot reach the warehouse at .*ECONNREFUSED/,
        )
        const doctor = await runDoctor(trial.configPath, trial.env)
        expect(doctor.code).toBe(1)
        expect(doctor.stdout).toMatch(
          /✗ warehouse\s+postgres:\/\/postgres@127\.0\.0\.1:\d+\/warehouse: .*ECONNREFUSED/,
        )
        expect(doctor.stdout).toMatch(
          /last poll failed (just now|.* ago): (lost the connection|cannot reach)/,
        )
        expect(run.child.exitCode).toBeNull()

        await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt))))
        server.resume()
        // New events while it comes back: they arrive too.
        await withClient(url, (c) =>
          c.query(
            `INSERT INTO catch_up (event_id, loaded_at, occurred_at, source, event_type, account_id, account_name,
             user_name, input_name, is_response_ok)
           SELECT 'ev-after-' || i, now(), now() - interval '5 seconds', 'webserver', 'add_input', $1, 'Account 1',
             'Jo', 'MySQL', false FROM generate_series(1, 3) AS i`,
            [CATCH_UP_ACCOUNTS[0]],
          ),
        )
        await waitFor(
          () => momentCount(trial.statePath) >= total + 3 && pendingForwards(trial.statePath) === 0,
          stderr,
          LONG ? 300_000 : 90_000,
        )
        expect(stderr()).toMatch(/warehouse polling works again/)
      } finally {
        run.kill('SIGTERM')
      }
      const { code } = await run.exited
      expect(code, stderr()).toBe(0)
      expect(stderr()).not.toMatch(/\n\s+at /)

      const state = readState(trial.statePath)
      expect(state.moments).toHaveLength(total + 3)
      expect(new Set(state.moments.map((m) => `${m.rule} ${m.eventId}`)).size).toBe(total + 3)
      expect(state.counters).toEqual([])
      const delivered = state.moments.filter((m) => m.status === 'delivered').map((m) => m.eventId)
      expect(delivered.filter((id) => id.startsWith('ev-after-'))).toHaveLength(3)
      // Nothing crashed: each delivered moment in Slack, in order, and a second time only after a
      // send that timed out (Slack may have taken it before the answer was lost: README, Duplicates).
      const posted = trial.slack.messages.map((m) => /\((ev-[\w-]+)\)/.exec(m.text)?.[1])
      expect([...new Set(posted)]).toEqual(delivered)
      expect(posted.length - delivered.length).toBeLessThanOrEqual(timedOutSendsIn(stderr()))
      const after = await runDoctor(trial.configPath, trial.env)
      expect(after.code, after.stdout).toBe(0)
      await trial.slack.close()
    },
    LONG ? 600_000 : 180_000,
  )
})

function runDoctor(configPath: string, env: Record<string, string>) {
  return runCli(['doctor', '--config', configPath], env)
}

async function withClient<T>(target: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: target })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
