import type { Logger } from 'pino'
import type { SalesforceSettings, SlackSettings } from '../../config/configSchema.ts'
import type { OwnershipCache } from '../../ownership/ownershipCache.ts'
import { mentionFieldsOf } from '../../ownership/teamDirectory.ts'
import type { Store } from '../../store/store.ts'
import { type DrainReport, type OutboxSenderOptions, outboxSender } from '../outboxSender.ts'
import { mentionLine } from './ownerMentions.ts'
import { slackMessage } from './slackMessage.ts'
import { slackTransportFor } from './slackTransportFor.ts'

export interface SlackForwarderOptions {
  settings: SlackSettings
  salesforce: SalesforceSettings | null
  store: Store
  /** Team mode: every account with its people, refreshed from Salesforce; null in personal mode */
  directory: OwnershipCache | null
  clock?: () => number
  log: Logger
  /** Tests: faster retries, a fixed random */
  tuning?: Pick<
    OutboxSenderOptions,
    'pausedRetryMs' | 'retryBaseMs' | 'retryMaxMs' | 'idleCheckMs' | 'random'
  >
}

/**
 * The outbox channel a setting posts to, as stored in `outbox.channel`: `webhook`, or the bot's
 * channel (`#moments`, `C0123ABCD`, `U0123ABCD`, `@me`). Never the webhook URL: it is a secret.
 */
export function outboxChannel(settings: Pick<SlackSettings, 'webhookUrl' | 'channel'>): string {
  if (settings.webhookUrl) return 'webhook'
  const channel = settings.channel as string
  return /^[a-z0-9]/.test(channel) ? `#${channel}` : channel
}

/** Slack forwarding assembled from the settings: what `moments run` drives. */
export function slackForwarder(options: SlackForwarderOptions) {
  const { settings, store, log } = options
  const clock = options.clock ?? Date.now
  const slackLog = log.child({ component: 'slack' })
  const channel = outboxChannel(settings)
  const { transport, lookup } = slackTransportFor(settings, options.salesforce, store, clock, slackLog)

  const mentionFields = mentionFieldsOf(settings)
  const sender = outboxSender({
    store,
    channels: new Map([[channel, transport]]),
    async compose(moment) {
      const mentions =
        settings.mode === 'team' && lookup
          ? await mentionLine(store.accounts.people(moment.accountId), mentionFields, lookup)
          : null
      return slackMessage(moment, { instanceUrl: options.salesforce?.instanceUrl ?? null, mentions })
    },
    maxAgeMs: settings.maxAge,
    paceMs: settings.pace,
    leaseMs: settings.timeout + 30_000,
    clock,
    log: slackLog,
    ...options.tuning,
  })

  let refreshing: Promise<void> | null = null
  /** Team mode: re-reads the accounts and their people when the cache is stale; never throws. */
  function refreshDirectory(): Promise<void> {
    const directory = options.directory
    if (!directory) return Promise.resolve()
    refreshing ??= directory
      .current(clock())
      .then(() => {})
      .catch((error: Error) =>
        slackLog.warn(
          `cannot read the accounts' owners from Salesforce: ${error.message}; mentions fall back to what is cached`,
        ),
      )
      .finally(() => {
        refreshing = null
      })
    return refreshing
  }

  return {
    channel,
    /** Outbox channels each delivered moment is queued for */
    forwardTo: [channel] as const,
    /**
     * `run --once`: delivers what it can within `timeoutMs`, then returns; the rest stays queued.
     * In team mode the owners are refreshed first, for as long as the time allows.
     */
    async drain(drainOptions: { timeoutMs: number; signal?: AbortSignal }): Promise<DrainReport> {
      const deadline = clock() + drainOptions.timeoutMs
      await Promise.race([refreshDirectory(), sleep(drainOptions.timeoutMs / 2)])
      return sender.drain({ deadline, signal: drainOptions.signal })
    },
    /** `moments run`: sends until `signal` aborts. */
    async run(signal: AbortSignal): Promise<void> {
      void refreshDirectory()
      await sender.run(signal)
    },
    /** After each poll: new forwards may be queued. */
    afterPoll(): void {
      void refreshDirectory()
      sender.wake()
    },
    paused: sender.paused,
  }
}

export type SlackForwarder = ReturnType<typeof slackForwarder>

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}
