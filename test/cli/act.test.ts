// `moments act` and `moments stats` as a user runs them: the real CLI on a state file the pipeline
// filled, logging to the Salesforce stand-in through the real jsforce client.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { recordBatch } from '../../main/core/pipeline/recordBatch.ts'
import { loadRules } from '../../main/core/rules/loadRules.ts'
import { openMomentsStore } from '../../main/core/store/store.ts'
import { batchContext, OWNED_ID, warehouseRow } from '../support/pipelineFixtures.ts'
import { runCli } from '../support/runCli.ts'
import { SalesforceStandIn } from '../support/salesforceStandIn.ts'
import { standInUser } from '../support/standInBook.ts'

vi.setConfig({ testTimeout: 120_000 })

const owner = standInUser(1, 'Avery Owner')
let dir: string
let standIn: SalesforceStandIn
let env: Record<string, string>
let ids: { failed: string; code: string }

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'moments-act-cli-'))
  standIn = new SalesforceStandIn({
    accounts: [{ id: OWNED_ID, name: 'Acme Corp', people: { OwnerId: owner } }],
    currentUser: owner,
  })
  await standIn.start()
  const state = join(dir, 'moments.db')
  const store = openMomentsStore(state)
  const now = Date.now()
  const failedAdd = warehouseRow('e1', 0, {
    url: '/plumbing/inputs',
    event_type: 'add_input',
    is_response_ok: false,
    input_name: 'MySQL & Co\r\nbcc: spy@example.com',
    user_email: 'jo@acme.example',
    pages_visited: null,
  })
  const codeRun = warehouseRow('e2', 1)
  for (const row of [failedAdd, codeRun]) {
    // Recent event times, so the default 30 days of `stats` hold them.
    row.occurred_at = new Date(now - 3_600_000).toISOString()
    row.loaded_at = row.occurred_at
  }
  recordBatch([failedAdd, codeRun], batchContext(store, { rules: loadRules({ kind: 'default' }), now }))
  const id = (rule: string) => store.moments.list({ ruleId: rule })[0]?.id as string
  ids = { failed: id('input-add-failed'), code: id('code-engine-test') }
  store.close()
  writeFileSync(
    join(dir, 'moments.yaml'),
    [
      'warehouse:',
      '  url: postgres://reader@127.0.0.1:9/never-read',
      'salesforce:',
      `  instanceUrl: ${standIn.url}`,
      '  accessToken: env:SF_TOKEN',
      `state: ${state}`,
    ].join('\n'),
  )
  env = {
    MOMENTS_CONFIG: join(dir, 'moments.yaml'),
    SF_TOKEN: standIn.accessToken,
    MOMENTS_DATA_DIR: join(dir, 'data'),
  }
})

afterAll(async () => {
  await standIn?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

beforeEach(() => {
  standIn.taskPolicy.canCreate = true
})

const history = async () =>
  Object.fromEntries((await runCli(['history', '--json'], env)).json().map((m) => [m.id, m]))

describe('moments act', () => {
  it('refuses to log when Salesforce refuses the Task, with its reason, and records nothing', async () => {
    standIn.taskPolicy.canCreate = false
    const result = await runCli(['act', ids.code, '--log'], env)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      'INSUFFICIENT_ACCESS_OR_READONLY: insufficient access rights on object id',
    )
    expect(result.stderr).not.toContain(standIn.accessToken)
    expect((await history())[ids.code]?.actions).toEqual([])
  })

  it('logs a moment named by the short id history shows, and history --json lists the action with the Task Id', async () => {
    const lines = (await runCli(['history'], env)).stdout.split('\n')
    const short = ids.code.slice(0, 10)
    expect(lines.some((line) => line.startsWith(`${short}  `))).toBe(true)
    const result = await runCli(['act', short, '--log', '--json'], env)
    expect(result.code, result.stderr).toBe(0)
    const [answer] = result.json()
    const task = standIn.tasks.at(-1)
    expect(answer).toEqual({
      id: ids.code,
      kind: 'log',
      at: expect.any(String),
      ref: task?.id,
      already: false,
    })
    expect(task?.fields).toMatchObject({ WhatId: OWNED_ID, OwnerId: owner.id, Status: 'Completed' })
    expect((await history())[ids.code]?.actions).toEqual([{ kind: 'log', at: answer?.at, ref: task?.id }])
    const again = await runCli(['act', ids.code, '--log'], env)
    expect(again.stdout).toMatch(
      new RegExp(`^Logged to Salesforce: Task ${task?.id} on Acme Corp \\(already, `),
    )
    expect(standIn.tasks).toHaveLength(1)
  })

  it('prints a mailto: link to the drafted e-mail, hostile event text kept inside its field', async () => {
    const result = await runCli(['act', ids.failed, '--email'], env)
    expect(result.code, result.stderr).toBe(0)
    const url = result.stdout.trim()
    expect(url.split('\n')).toHaveLength(1)
    const parsed = new URL(url)
    expect(parsed.pathname).toBe('jo@acme.example')
    expect([...parsed.searchParams.keys()]).toEqual(['subject', 'body'])
    expect(parsed.searchParams.get('subject')).toBe('Adding MySQL & Co bcc: spy@example.com')
    expect(result.stderr).toMatch(/Drafted an e-mail to jo@acme\.example/)
    expect((await history())[ids.failed]?.actions).toEqual([
      expect.objectContaining({ kind: 'email', ref: null }),
    ])
  })

  it('lists what was not acted on yet, and refuses a usage it cannot follow', async () => {
    expect((await runCli(['act', ids.failed, '--noise'], env)).code).toBe(0)
    expect((await runCli(['history', '--not-acted', '--json'], env)).json()).toEqual([])
    expect((await runCli(['act', ids.failed], env)).code).toBe(2)
    expect((await runCli(['act', ids.failed, '--done', '--noise'], env)).code).toBe(2)
    const unknown = await runCli(['act', 'ffffffffff', '--done'], env)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/no moment "ffffffffff" in the history/)
  })
})

describe('moments stats', () => {
  it('prints one object per rule: delivered, acted on, not useful, the median time to act', async () => {
    const result = await runCli(['stats', '--since', '30d', '--json'], env)
    expect(result.code, result.stderr).toBe(0)
    const byRule = Object.fromEntries(result.json().map((r) => [r.rule, r]))
    expect(Object.keys(byRule['input-add-failed'] ?? {})).toEqual([
      'rule',
      'delivered',
      'acted',
      'not_useful',
      'median_minutes_to_act',
      'reached_out',
      'logged',
      'done',
      'never_acted',
    ])
    expect(byRule['input-add-failed']).toMatchObject({
      delivered: 1,
      acted: 1,
      reached_out: 1,
      not_useful: 1,
    })
    expect(byRule['code-engine-test']).toMatchObject({ delivered: 1, acted: 1, logged: 1, never_acted: 0 })
    expect(byRule['code-engine-test']?.median_minutes_to_act).toEqual(expect.any(Number))
    const table = await runCli(['stats'], env)
    expect(table.stdout).toMatch(
      /^rule\s+delivered\s+acted\s+reached out\s+logged\s+done\s+not useful\s+never\s+median to act$/m,
    )
    expect(table.stdout).toMatch(/2 delivered moments: 2 acted on \(100 %\), 1 not useful \(50 %\)/)
  })
})
