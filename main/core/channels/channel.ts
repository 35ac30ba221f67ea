// A notification channel as a plug-in (like Alertmanager's notifier integrations): its section of
// moments.yaml, how it composes a message from a moment and sends it, how it checks its setup
// without sending (`moments doctor`) or by sending one test message (the settings window), and
// what a failure means. The outbox (pacing, leases, retries, max age) is the same for every
// channel: a channel says what a failure means, the outbox decides what to do about it.
import type { Logger } from 'pino'
import type { z } from 'zod'
import type { SalesforceSettings } from '../config/configSchema.ts'
import type { OwnershipCache } from '../ownership/ownershipCache.ts'
import type { SetupCheck } from '../setupCheck.ts'
import type { StoredMoment } from '../store/moments.ts'
import type { Store } from '../store/store.ts'

/**
 * What a failed send means:
 * - `retry`: transient (network, timeout, 5xx, 429): try again later, after `retryAfterMs` when given;
 * - `message`: this message can never be posted: give it up now and go on with the next;
 * - `channel`: nothing can be posted there until someone fixes the token, the URL or the config:
 *   the channel pauses, its forwards stay queued (until their max age) and are tried now and then.
 */
export type SendFailure =
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'message'; reason: string }
  | { kind: 'channel'; reason: string }

/** A failure a channel understood while sending (a lookup, a refused request): `classify` passes it on. */
export class ChannelFailure extends Error {
  constructor(readonly failure: SendFailure) {
    super(failure.reason)
    this.name = 'ChannelFailure'
  }
}

/** The outbox's limits for one destination. */
export interface ChannelTiming {
  /** Least time between the starts of two requests */
  paceMs: number
  /** A forward not delivered this long after it was queued is given up (failed) */
  maxAgeMs: number
  /** One request's timeout; a forward being sent is leased for this plus a margin */
  timeoutMs: number
  /** How long `run --once` keeps sending before it exits */
  drainTimeoutMs: number
}

/** A configured channel, ready to post: one outbox destination. */
export interface OpenChannel<Message = unknown> {
  type: string
  label: string
  /** The outbox key, `type:name` (`slack:#moments`, `teams:webhook`): never a secret */
  destination: string
  timing: ChannelTiming
  /** The message for a moment, built when it goes (so lookups happen then, not at poll time) */
  compose(moment: StoredMoment): Promise<Message>
  /** Posts it; resolves with the channel's id for the posted message, if it gives one; throws on failure */
  send(message: Message): Promise<{ ref: string | null }>
  classify(error: unknown): SendFailure
  /** Work a channel does now and then, besides sending (Slack team mode: re-read the account owners) */
  refresh?(): Promise<void>
}

export interface ChannelDeps {
  store: Store
  salesforce: SalesforceSettings | null
  /** Every account with its people, when a channel reads the directory (see `directory`) */
  directory: OwnershipCache | null
  clock: () => number
  log: Logger
}

export type TestResult = { ok: boolean; detail: string }

export interface ChannelPlugin<Schema extends z.ZodType = z.ZodType, Message = unknown> {
  /** The key in moments.yaml and of its outbox destinations */
  type: string
  label: string
  configSchema: Schema
  /** The outbox key a configuration posts to (`slack:#moments`): never a secret */
  destination(settings: z.output<Schema>): string
  open(settings: z.output<Schema>, deps: ChannelDeps): OpenChannel<Message>
  /** `moments doctor`: the setup, without posting anything */
  checks(settings: z.output<Schema>, deps: { log: Logger }): Promise<SetupCheck[]>
  /** The settings window's test button: one message, now, through the same path as real ones */
  sendTest(
    settings: z.output<Schema>,
    deps: { salesforce: SalesforceSettings | null; log: Logger; clock?: () => number },
  ): Promise<TestResult>
  /**
   * A channel for a whole team (every account, each one's people named in the message): the
   * ownership filter is off and the accounts' people are read from these Salesforce fields.
   */
  directory?(settings: z.output<Schema>): { personFields: string[] } | null
}

/** Types a plug-in where it is written. */
export function channelPlugin<Schema extends z.ZodType, Message>(
  plugin: ChannelPlugin<Schema, Message>,
): ChannelPlugin<Schema, Message> {
  return plugin
}

/** `slack:#moments` → `#moments` */
export function destinationName(destination: string): string {
  const colon = destination.indexOf(':')
  return colon < 0 ? destination : destination.slice(colon + 1)
}
