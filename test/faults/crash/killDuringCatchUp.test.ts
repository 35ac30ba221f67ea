import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRandom } from '../../../warehouse/synthetic/random.ts'
import {
  CATCH_UP_ACCOUNTS,
  type CatchUpTable,
  createCatchUpTable,
  OWNED_COUNT,
} from '../../support/catchUpWarehouse.ts'
import {
  caughtUpWith,
  crashAt,
  finishTrial,
  KILL_PHASES,
  pickKillPoint,
  prepareTrial,
  type Trial,
  timedOutSends,
} from '../../support/crashTrial.ts'
import { createTestDatabase, type TestDatabase } from '../../support/postgres.ts'
import { SalesforceStandIn } from '../../support/salesforceStandIn.ts'
import { standInUser } from '../../support/standInBook.ts'
import { type MomentRecord, readState } from '../../support/stateSnapshot.ts'

// docs/promises.md, "Each moment once, none lost": a crash at any point (kill -9) neither drops a
// moment nor shows or forwards it twice. The real CLI catches up 100,000 events with Slack forwarding to a local stand-in and
// is SIGKILLed while starting, while recording, while forwarding; restarted each time, then left
// to finish. Every moment of an undisturbed run must be stored exactly once, with the same
// status and fold count; every delivered one must reach Slack; at most one message per kill, and
// one per send that timed out, may reach Slack twice (README "Slack": a crash between a send and
// its mark; a request whose answer was lost).
//
// CI: 5 trials of one kill each, side by side. MOMENTS_FAULTS_LONG=1: 50 trials of 3 kills.
// MOMENTS_FAULTS_SEED=n replays the same kill points.

const LONG = process.env.MOMENTS_FAULTS_LONG === '1'
const TRIALS = LONG ? 50 : 5
const KILLS_PER_TRIAL = LONG ? 3 : 1
const EVENTS = 100_000
const SEED = Number(process.env.MOMENTS_FAULTS_SEED ?? Math.floor(Math.random() * 2 ** 31))

const me = standInUser(1, 'Ada Manager')
const someoneElse = standInUser(2, 'Bob Other')

let db: TestDatabase
let client: pg.Client
let table: CatchUpTable
let salesforce: SalesforceStandIn
let reference: MomentRecord[]
const summary = { trials: 0, kills: 0, byPhase: {} as Record<string, number>, duplicates: 0, timeouts: 0 }

beforeAll(async () => {
  db = await createTestDatabase('crash')
  client = new pg.Client({ connectionString: db.url })
  await client.connect()
  table = await createCatchUpTable(client, 'catch_up', EVENTS)
  salesforce = new SalesforceStandIn({
    currentUser: me,
    accounts: CATCH_UP_ACCOUNTS.map((id, i) => ({
      id,
      name: `Account ${i + 1}`,
      people: { OwnerId: i < OWNED_COUNT ? me : someoneElse },
    })),
  })
  await salesforce.start()
  // The same catch-up, undisturbed: what every crashed trial must end up with.
  const undisturbed = await prepareTrial({ name: 'reference', warehouseUrl: db.url, table, salesforce })
  const done = await finishTrial(undisturbed)
  expect(done.code, done.stderr).toBe(0)
  reference = readState(undisturbed.statePath).moments
  await undisturbed.slack.close()
}, 180_000)

afterAll(async () => {
  console.log(
    `crash trials: seed ${SEED}, ${summary.trials} trials, ${summary.kills} kills survived ` +
      `(${JSON.stringify(summary.byPhase)}), ${summary.duplicates} Slack duplicates, ${summary.timeouts} sends timed out`,
  )
  await salesforce?.close()
  await client?.end()
  await db?.drop()
})

describe(`kill -9 during a ${EVENTS.toLocaleString('en')}-event catch-up (seed ${SEED})`, () => {
  it('an undisturbed run records every expected moment', () => {
    const byRule = countBy(reference, (m) => `${m.rule}:${m.status}`)
    const expected = table.expected
    expect(byRule).toEqual({
      'input-add-failed:delivered': expected.failedInputs,
      // Snoozed for a day per account: one delivered per account, the rest snoozed.
      'code-engine-test:delivered': expected.codeEngineAccounts,
      'code-engine-test:snoozed': expected.codeEngineRuns - expected.codeEngineAccounts,
      // Once per account and feature.
      'first-feature-use:delivered': expected.featurePairs,
    })
  })

  it.concurrent.each(Array.from({ length: TRIALS }, (_, i) => i + 1))(
    'trial %i: every moment stored once, every delivered one in Slack, at most one duplicate per kill',
    async (n) => {
      const random = createRandom(Math.imul(SEED ^ n, 0x9e3779b1))
      const trial = await prepareTrial({ name: `trial-${n}`, warehouseUrl: db.url, table, salesforce })
      try {
        const caughtUp = caughtUpWith(trial, reference.length)
        for (let k = 0; k < KILLS_PER_TRIAL; k++) {
          // CI's five single kills cover each phase; the long run picks phases at random.
          const phase = LONG ? undefined : KILL_PHASES[(n - 1) % KILL_PHASES.length]
          await crashAt(trial, pickKillPoint(random, phase), caughtUp)
        }
        const last = await finishTrial(trial)
        expect(last.code, last.stderr).toBe(0)
        expect(last.stderr).not.toMatch(/\n\s+at /)
        verify(trial)
      } finally {
        await trial.slack.close()
      }
    },
    LONG ? 600_000 : 150_000,
  )
})

function verify(trial: Trial): void {
  const where = `${trial.name}, seed ${SEED}, kills ${JSON.stringify(trial.kills)}`
  const state = readState(trial.statePath)
  const comparable = (m: MomentRecord) => `${m.rule} ${m.eventId} ${m.status} folded=${m.folded}`
  // Stored exactly once, in the same order, with the same outcome as the undisturbed run.
  expect(state.moments.map(comparable), where).toEqual(reference.map(comparable))
  expect(new Set(state.moments.map((m) => m.id)).size, where).toBe(state.moments.length)
  // A re-read after a restart is not a duplicate row, nor a skipped one.
  expect(state.counters, where).toEqual([])

  const delivered = state.moments.filter((m) => m.status === 'delivered')
  expect(
    state.outbox.map((o) => o.momentId),
    where,
  ).toEqual(delivered.map((m) => m.id))
  expect(
    state.outbox.filter((o) => o.status !== 'sent'),
    where,
  ).toEqual([])

  const posted = trial.slack.messages.map((m) => /\((ev-\d{6})\)/.exec(m.text)?.[1] ?? `unparsed: ${m.text}`)
  const firstSightings = [...new Set(posted)]
  // Every delivered moment reached Slack, in the order it was recorded; nothing else did.
  expect(firstSightings, where).toEqual(delivered.map((m) => m.eventId))
  const duplicates = posted.length - firstSightings.length
  const timeouts = timedOutSends(trial)
  expect(duplicates, `${where}, ${timeouts} sends timed out`).toBeLessThanOrEqual(
    trial.kills.length + timeouts,
  )

  summary.trials++
  summary.kills += trial.kills.length
  summary.duplicates += duplicates
  summary.timeouts += timeouts
  for (const kill of trial.kills) {
    const key = `${kill.point.phase}${kill.triggered ? '' : ' (idle)'}`
    summary.byPhase[key] = (summary.byPhase[key] ?? 0) + 1
  }
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1
  return counts
}

describe('kill -9 during the very first poll (its backfill)', () => {
  it('still forwards none of the backfill after the restart, and forwards what comes after it', async () => {
    // A table of its own: the event added below must not reach the other trials.
    const own = await createCatchUpTable(client, 'backfill_up', EVENTS)
    const total = own.expected.failedInputs + own.expected.codeEngineRuns + own.expected.featurePairs
    const trial = await prepareTrial({
      name: 'backfill',
      warehouseUrl: db.url,
      table: own,
      salesforce,
      backfill: true,
    })
    try {
      await crashAt(trial, { phase: 'recording', moreMoments: 3_000 }, caughtUpWith(trial, total))
      const last = await finishTrial(trial)
      expect(last.code, last.stderr).toBe(0)
      expect(readState(trial.statePath).moments).toHaveLength(total)
      // README "Slack": the first poll's backfill fills the history, forwards nothing — crash or not.
      expect(trial.slack.messages).toEqual([])
      await client.query(
        `INSERT INTO backfill_up (event_id, loaded_at, occurred_at, source, event_type, account_id, account_name,
           user_name, input_name, is_response_ok)
         VALUES ('ev-after', now(), now(), 'webserver', 'add_input', $1, 'Account 1', 'Jo', 'MySQL', false)`,
        [CATCH_UP_ACCOUNTS[0]],
      )
      expect((await finishTrial(trial)).code).toBe(0)
      expect(trial.slack.messages.map((m) => /\((ev-[\w-]+)\)/.exec(m.text)?.[1])).toEqual(['ev-after'])
    } finally {
      await trial.slack.close()
    }
  }, 150_000)
})
