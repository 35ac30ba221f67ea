import type { Logger } from 'pino'
import type { OpenChannel } from '../channels/channel.ts'
import { type ChannelForwarding, channelForwarding } from '../channels/forwarding.ts'
import { configuredChannels, teamChannel } from '../channels/registry.ts'
import type { MomentsConfig } from '../config/loadConfig.ts'
import type { DemoWarehouse } from '../demo/demoWarehouse.ts'
import { ownershipCache } from '../ownership/ownershipCache.ts'
import { teamAccountsSource } from '../ownership/teamDirectory.ts'
import { createPoller, type Poller, type PollListener } from '../pipeline/poller.ts'
import { type HistoryRetention, historyRetention } from '../retention/historyRetention.ts'
import type { CompiledRule } from '../rules/compiledRule.ts'
import { loadRules } from '../rules/loadRules.ts'
import { privateDir } from '../store/privateFiles.ts'
import { openMomentsStore, type Store } from '../store/store.ts'
import type { EventSource } from '../warehouse/eventSource.ts'
import type { AccessTokenSource } from './ownershipSources.ts'
import { openWarehouseSource } from './warehouseSource.ts'

/** The core, assembled from a config: what the CLI and the desktop app both drive. */
export interface Core {
  config: MomentsConfig
  store: Store
  rules: CompiledRule[]
  poller: Poller
  /** Where the events come from, without credentials, for logs and doctor */
  warehouseLabel: string
  /** A new reader of the same warehouse, with its own connection (the desktop's rules preview) */
  openEvents(): EventSource
  pollIntervalMs: number
  /** The configured notification channels, one outbox destination each */
  channels: OpenChannel[]
  /** Forwarding to them (the outbox sender); null when no channel is configured */
  forwarding: ChannelForwarding | null
  /** Forgets moments older than `retention`, a little after each poll */
  retention: HistoryRetention
  close(): Promise<void>
}

export interface OpenCoreOptions {
  log: Logger
  clock?: () => number
  /** Desktop sign-in: Salesforce tokens that can be refreshed; used instead of `salesforce.accessToken` */
  salesforceToken?: AccessTokenSource
  /** Forward to a channel only while this says so, asked once per batch (the desktop's "only when I'm away") */
  forwardWhen?: (channel: OpenChannel) => boolean
  /** The demo warehouse, started early by the caller (startDemoWarehouse); closed here if the core cannot open */
  demo?: Promise<DemoWarehouse>
}

/** Loads rules (ConfigError when bad), opens the state and, for the demo, the embedded warehouse. */
export async function openCore(config: MomentsConfig, options: OpenCoreOptions): Promise<Core> {
  try {
    return await openCoreWith(config, options)
  } catch (error) {
    // The error that stopped the core is the one to report, not one of closing the demo after it.
    await options.demo?.then((demo) => demo.close()).catch(() => {})
    throw error
  }
}

async function openCoreWith(config: MomentsConfig, options: OpenCoreOptions): Promise<Core> {
  const { log } = options
  const clock = options.clock ?? Date.now
  const rules = loadRules(config.rules)
  privateDir(config.dataDir)
  const store = openMomentsStore(config.statePath)
  try {
    const source = await openWarehouseSource(config, {
      clock,
      log,
      liveDemo: true,
      salesforceToken: options.salesforceToken,
      demo: options.demo,
    })
    // A team channel reads every account (no ownership filter); the cache then holds each
    // account's people, whom the messages mention.
    const teamFields = config.salesforce ? (teamChannel(config.channels)?.personFields ?? null) : null
    const ownership = ownershipCache({
      store,
      source:
        teamFields && config.salesforce
          ? teamAccountsSource(config.salesforce, teamFields)
          : source.ownership,
      refreshMs: config.salesforce?.refresh ?? 600_000,
      log,
      noteHandovers: !teamFields,
    })
    const channels = configuredChannels(config.channels).map(({ plugin, settings }) =>
      plugin.open(settings, {
        store,
        salesforce: config.salesforce,
        directory: teamFields ? ownership : null,
        clock,
        log,
      }),
    )
    const forwarding = channels.length > 0 ? channelForwarding({ store, channels, clock, log }) : null
    const inner = createPoller({
      store,
      rules,
      ownership: teamFields ? null : ownership,
      directory: teamFields ? ownership : null,
      source: source.events(),
      lookbackMs: config.warehouse.lookback,
      backfillMs: config.warehouse.backfill,
      forwardTo: () =>
        channels
          .filter((channel) => options.forwardWhen?.(channel) ?? true)
          .map((channel) => channel.destination),
      clock,
      log,
    })
    const poller: Poller = {
      async poll(listener?: PollListener) {
        await source.beforePoll?.()
        return inner.poll(listener)
      },
      close: inner.close,
    }
    return {
      config,
      store,
      rules,
      poller,
      warehouseLabel: source.label,
      openEvents: source.events,
      pollIntervalMs: config.warehouse.pollInterval,
      channels,
      forwarding,
      retention: historyRetention({ store, retentionMs: config.retentionMs, clock, log }),
      async close() {
        await poller.close()
        await source.close()
        store.close()
      },
    }
  } catch (error) {
    store.close()
    throw error
  }
}
