import type { Logger } from 'pino'
import type { Store } from '../store/store.ts'
import type { OpenChannel } from './channel.ts'
import { type DrainReport, type OutboxSenderOptions, outboxSender } from './outboxSender.ts'

export interface ForwardingOptions {
  store: Store
  channels: readonly OpenChannel[]
  clock?: () => number
  log: Logger
  /** Tests: faster retries, a fixed random */
  tuning?: Pick<
    OutboxSenderOptions,
    'pausedRetryMs' | 'retryBaseMs' | 'retryMaxMs' | 'idleCheckMs' | 'random'
  >
}

/** Forwarding to the configured channels, from the outbox: what `moments run` and the desktop drive. */
export function channelForwarding(options: ForwardingOptions) {
  const { channels } = options
  const clock = options.clock ?? Date.now
  const sender = outboxSender({
    store: options.store,
    channels,
    clock,
    log: options.log,
    ...options.tuning,
  })
  /** Each channel's own upkeep (Slack team mode re-reads the owners); never throws. */
  const refresh = () => Promise.all(channels.map((channel) => channel.refresh?.())).then(() => {})

  return {
    channels,
    /** The outbox destinations each delivered moment is queued for */
    destinations: channels.map((channel) => channel.destination),
    /** How long `run --once` keeps sending: the longest any channel asks for */
    drainTimeoutMs: Math.max(0, ...channels.map((channel) => channel.timing.drainTimeoutMs)),
    /**
     * `run --once`: delivers what it can within `timeoutMs`, then returns; the rest stays queued.
     * The channels' upkeep goes first, for at most half the time.
     */
    async drain(drainOptions: { timeoutMs: number; signal?: AbortSignal }): Promise<DrainReport> {
      const deadline = clock() + drainOptions.timeoutMs
      await Promise.race([refresh(), sleep(drainOptions.timeoutMs / 2)])
      return sender.drain({ deadline, signal: drainOptions.signal })
    },
    /** `moments run`: sends until `signal` aborts. */
    async run(signal: AbortSignal): Promise<void> {
      void refresh()
      await sender.run(signal)
    },
    /** After each poll: new forwards may be queued. */
    afterPoll(): void {
      void refresh()
      sender.wake()
    },
    paused: sender.paused,
  }
}

export type ChannelForwarding = ReturnType<typeof channelForwarding>

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}
