import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { channelForwarding, type ForwardingOptions } from '../../../../main/core/channels/forwarding.ts'
import { slackChannel } from '../../../../main/core/channels/slack/slackChannel.ts'
import { slackSchema } from '../../../../main/core/channels/slack/slackConfig.ts'
import type { SalesforceSettings } from '../../../../main/core/config/configSchema.ts'
import type { OwnershipCache } from '../../../../main/core/ownership/ownershipCache.ts'
import { recordBatch } from '../../../../main/core/pipeline/recordBatch.ts'
import { parseRulesFile } from '../../../../main/core/rules/loadRules.ts'
import type { Store } from '../../../../main/core/store/store.ts'
import { batchContext, silentLog, warehouseRow } from '../../../support/pipelineFixtures.ts'
import { inspectableStore, stateDb } from '../../../support/stateDb.ts'

/** The bot's channel, and the outbox destination of it */
export const CHANNEL = '#moments'
export const DESTINATION = `slack:${CHANNEL}`

/** The outbox destination of a Slack channel name (`#moments`) or `webhook`. */
export function destinationOf(channel: string): string {
  return channel.includes(':') ? channel : `slack:${channel}`
}

/** A state file in a fresh directory: it survives closing, like a restart. */
export function stateFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'moments-slack-')), 'state.db')
}

export function fileStore(path = stateFile()): Store {
  return inspectableStore(path)
}

/** A rule that delivers every `failed` event, never snoozed, its message naming the event. */
export const FORWARDED_RULES = parseRulesFile(
  'slack-test-rules.yaml',
  `
rules:
  - id: forwarded
    name: Input failed
    when: event.event_type == "failed"
    message: "{{user_name}} failed ({{event_id}})"
    severity: high
`,
)

/**
 * Records `count` delivered moments through the real pipeline, each queued for `channel`;
 * returns their event ids in recording order (each message's text names its event id).
 */
export function seedMoments(
  store: Store,
  count: number,
  options: { channel?: string; first?: number; now?: number; body?: (i: number) => string } = {},
): string[] {
  const first = options.first ?? 1
  const rows = Array.from({ length: count }, (_, i) =>
    warehouseRow(`ev-${first + i}`, first + i, {
      event_type: 'failed',
      user_name: options.body ? options.body(first + i) : `user ${first + i}`,
    }),
  )
  recordBatch(
    rows,
    batchContext(store, {
      rules: FORWARDED_RULES,
      forwardTo: [destinationOf(options.channel ?? CHANNEL)],
      now: options.now ?? Date.now(),
    }),
  )
  return rows.map((row) => String(row.event_id))
}

/** The event id each accepted message names, in the order Slack received them. */
export function eventIdsOf(messages: ReadonlyArray<{ text: string }>): string[] {
  return messages.map((m) => /\((ev-[^)]+)\)/.exec(m.text)?.[1] ?? '?')
}

type Settings = Parameters<typeof slackSchema.parse>[0]

/** The real Slack channel, opened on fast settings: pace 20 ms, short timeouts. */
export function openSlack(
  store: Store,
  settings: Record<string, unknown>,
  extra: { salesforce?: SalesforceSettings; directory?: OwnershipCache; clock?: () => number } = {},
) {
  return slackChannel.open(slackSchema.parse({ pace: '20ms', timeout: '1s', ...settings } as Settings), {
    store,
    salesforce: extra.salesforce ?? null,
    directory: extra.directory ?? null,
    clock: extra.clock ?? Date.now,
    log: silentLog,
  })
}

/** Forwarding to the real Slack channel, with fast retries. */
export function forwarder(
  store: Store,
  settings: Record<string, unknown>,
  extra: Parameters<typeof openSlack>[2] & Pick<ForwardingOptions, 'tuning'> = {},
) {
  return channelForwarding({
    store,
    channels: [openSlack(store, settings, extra)],
    clock: extra.clock,
    log: silentLog,
    tuning: { retryBaseMs: 20, retryMaxMs: 200, pausedRetryMs: 60_000, random: () => 0.5, ...extra.tuning },
  })
}

/** Status of every outbox row, in id order. */
export function outboxRows(store: Store) {
  return stateDb(store)
    .prepare<
      [],
      {
        moment_id: string
        status: string
        attempts: number
        last_error: string | null
        sent_ref: string | null
      }
    >('SELECT moment_id, status, attempts, last_error, sent_ref FROM outbox ORDER BY id')
    .all()
}
