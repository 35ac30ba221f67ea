// One crash trial: a fresh state file establishes its cursor on an empty warehouse (the first
// backfill forwards nothing), the 100,000-event catch-up appears, and `moments run` is killed
// with SIGKILL at chosen points, restarted each time, then left to finish.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Random } from '../../warehouse/synthetic/random.ts'
import { CATCH_UP_RULES, type CatchUpTable } from './catchUpWarehouse.ts'
import { startMoments, waitFor } from './momentsProcess.ts'
import { type CliResult, runCli } from './runCli.ts'
import type { SalesforceStandIn } from './salesforceStandIn.ts'
import { SlackStandIn } from './slackStandIn.ts'
import { momentCount, pendingForwards } from './stateSnapshot.ts'

/** Where a kill lands: while starting, while recording the catch-up, while forwarding to Slack. */
export type KillPoint =
  | { phase: 'starting'; afterMs: number }
  | { phase: 'recording'; moreMoments: number }
  | { phase: 'forwarding'; moreMessages: number }

export interface KillRecord {
  point: KillPoint
  /** false: the trigger never came (the run had nothing left of that phase), killed when idle */
  triggered: boolean
  momentsBefore: number
  messagesBefore: number
}

export interface Trial {
  name: string
  dir: string
  configPath: string
  statePath: string
  env: Record<string, string>
  slack: SlackStandIn
  kills: KillRecord[]
  /** stderr of every run after the first, kills included */
  logs: string[]
}

export const KILL_PHASES = ['starting', 'recording', 'forwarding'] as const

/** A kill point in `phase` (default: one at random, starting less often), at a random depth. */
export function pickKillPoint(
  random: Random,
  phase: KillPoint['phase'] = random.pick(['starting', 'recording', 'recording', 'forwarding', 'forwarding']),
): KillPoint {
  if (phase === 'starting') return { phase, afterMs: random.int(0, 1_500) }
  if (phase === 'recording') return { phase, moreMoments: random.int(1, 12_000) }
  return { phase, moreMessages: random.int(1, 500) }
}

/**
 * Writes the trial's config, runs once with the gate shut (cursor only), then opens the gate.
 * `backfill: true` opens it at once instead: the catch-up is then the very first poll's backfill.
 */
export async function prepareTrial(options: {
  name: string
  warehouseUrl: string
  table: CatchUpTable
  salesforce: SalesforceStandIn
  backfill?: boolean
}): Promise<Trial> {
  const slack = new SlackStandIn()
  await slack.start()
  const dir = mkdtempSync(join(tmpdir(), `moments-crash-${options.name}-`))
  const gate = options.table.gate(options.name)
  writeFileSync(join(dir, 'rules.yaml'), CATCH_UP_RULES)
  const configPath = join(dir, 'moments.yaml')
  const config = (lookback: string) =>
    `warehouse:
  url: ${options.warehouseUrl}
  query: ${JSON.stringify(gate.query)}
  pollInterval: 500ms
  lookback: ${lookback}
  backfill: 1d
salesforce:
  instanceUrl: ${options.salesforce.url}
  accessToken: env:TEST_SF_TOKEN
rules: ./rules.yaml
state: ./state.db
slack:
  botToken: env:TEST_SLACK_TOKEN
  channel: "#moments"
  apiUrl: ${slack.apiUrl}
  pace: 0
  timeout: 2s
`
  writeFileSync(configPath, config('2m'))
  const env = {
    TEST_SF_TOKEN: options.salesforce.accessToken,
    TEST_SLACK_TOKEN: slack.botToken,
    MOMENTS_DATA_DIR: join(dir, 'data'),
    MOMENTS_CONFIG_DIR: dir,
    // The outbox logs a retry after the first one at debug: every timed-out send must be counted.
    MOMENTS_LOG_LEVEL: 'debug',
  }
  if (options.backfill) {
    await gate.open()
  } else {
    // The catch-up's rows were loaded before this run and appear only when the gate opens: for
    // the cursor to stay before them (a laptop away while they were loaded), this run has no
    // lookback, which keeps its cursor where its backfill began instead of on the warehouse's clock.
    writeFileSync(configPath, config('0'))
    const first = await runCli(['run', '--once', '--config', configPath], env)
    if (first.code !== 0) throw new Error(`first run of ${options.name} failed: ${first.stderr}`)
    if (slack.messages.length > 0) throw new Error('the first run forwarded its backfill')
    writeFileSync(configPath, config('2m'))
    await gate.open()
  }
  return {
    name: options.name,
    dir,
    configPath,
    statePath: join(dir, 'state.db'),
    env,
    slack,
    kills: [],
    logs: [],
  }
}

/**
 * Starts `moments run` and SIGKILLs it at `point`. `caughtUp` says when there is nothing left to
 * do: a trigger that can no longer come (no more moments to record) kills the idle process then.
 */
export async function crashAt(trial: Trial, point: KillPoint, caughtUp: () => boolean): Promise<KillRecord> {
  const momentsBefore = momentCount(trial.statePath)
  const messagesBefore = trial.slack.messages.length
  const run = startMoments(['run', '--config', trial.configPath], trial.env)
  let exited = false
  void run.exited.then(() => {
    exited = true
  })
  let triggered = false
  const fired = (): boolean => {
    if (point.phase === 'recording') return momentCount(trial.statePath) >= momentsBefore + point.moreMoments
    if (point.phase === 'forwarding')
      return trial.slack.messages.length >= messagesBefore + point.moreMessages
    return false
  }
  if (point.phase === 'starting') {
    await new Promise((resolve) => setTimeout(resolve, point.afterMs))
    triggered = true
  } else {
    await waitFor(
      () => {
        triggered = fired()
        return triggered || exited || caughtUp()
      },
      () => `${trial.name}: waiting to kill at ${JSON.stringify(point)}\n${run.stderr()}`,
      120_000,
    )
  }
  run.kill('SIGKILL')
  const { signal, code } = await run.exited
  trial.logs.push(run.stderr())
  if (signal !== 'SIGKILL' && code !== 0) {
    throw new Error(`${trial.name}: moments run exited by itself (${code}):\n${run.stderr()}`)
  }
  const record = { point, triggered, momentsBefore, messagesBefore }
  trial.kills.push(record)
  return record
}

/** The last run, left alone: one poll, then the outbox drained (leases of killed runs expire first). */
export async function finishTrial(trial: Trial): Promise<CliResult> {
  const result = await runCli(
    ['run', '--once', '--drain-timeout', '90s', '--config', trial.configPath],
    trial.env,
    150_000,
  )
  trial.logs.push(result.stderr)
  return result
}

/**
 * Sends that timed out. Slack may have accepted such a request before the answer was lost, and
 * the retry posts it again (README "Slack", Duplicates): on a loaded machine the 2 s timeout of
 * the trials is sometimes reached without any kill.
 */
export function timedOutSends(trial: Trial): number {
  return trial.logs.reduce((sum, log) => sum + timedOutSendsIn(log), 0)
}

/** Sends that timed out, as one run's log tells them. */
export function timedOutSendsIn(log: string): number {
  return log.match(/no answer in time \(timeout\)/g)?.length ?? 0
}

/** Everything recorded and forwarded: the moments expected are in, no forward pending. */
export function caughtUpWith(trial: Trial, expectedMoments: number): () => boolean {
  return () => momentCount(trial.statePath) >= expectedMoments && pendingForwards(trial.statePath) === 0
}
