import type { Logger } from 'pino'
import { type SlackForwarder, slackForwarder } from '../channels/slack/slackForwarder.ts'
import type { MomentsConfig } from '../config/loadConfig.ts'
import { ownershipCache } from '../ownership/ownershipCache.ts'
import { mentionFieldsOf, teamAccountsSource } from '../ownership/teamDirectory.ts'
import { createPoller, type ForwardTo, type Poller, type PollListener } from '../pipeline/poller.ts'
import type { CompiledRule } from '../rules/compiledRule.ts'
import { loadRules } from '../rules/loadRules.ts'
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
  /** Slack forwarding (the outbox sender); null when `slack:` is not configured */
  slack: SlackForwarder | null
  close(): Promise<void>
}

export interface OpenCoreOptions {
  log: Logger
  clock?: () => number
  /** Slack outbox channels delivered moments are queued for; a function is asked once per batch */
  forwardTo?: ForwardTo
  /** Desktop sign-in: Salesforce tokens that can be refreshed; used instead of `salesforce.accessToken` */
  salesforceToken?: AccessTokenSource
  /** Forward only while this says so, asked once per batch (the desktop's "only when I'm away") */
  forwardWhen?: () => boolean
}

/** Loads rules (ConfigError when bad), opens the state and, for the demo, the embedded warehouse. */
export async function openCore(config: MomentsConfig, options: OpenCoreOptions): Promise<Core> {
  const { log } = options
  const clock = options.clock ?? Date.now
  const rules = loadRules(config.rules)
  const store = openMomentsStore(config.statePath)
  try {
    const source = await openWarehouseSource(config, {
      clock,
      log,
      liveDemo: true,
      salesforceToken: options.salesforceToken,
    })
    // A Slack team channel bot reads every account (no ownership filter); the cache then holds
    // each account's people, whom the messages mention.
    const team = config.slack?.mode === 'team' && config.salesforce !== null
    const ownership = ownershipCache({
      store,
      source:
        team && config.salesforce && config.slack
          ? teamAccountsSource(config.salesforce, mentionFieldsOf(config.slack))
          : source.ownership,
      refreshMs: config.salesforce?.refresh ?? 600_000,
      log,
    })
    const slack = config.slack
      ? slackForwarder({
          settings: config.slack,
          salesforce: config.salesforce,
          store,
          directory: team ? ownership : null,
          clock,
          log,
        })
      : null
    const inner = createPoller({
      store,
      rules,
      ownership: team ? null : ownership,
      source: source.events(),
      lookbackMs: config.warehouse.lookback,
      backfillMs: config.warehouse.backfill,
      forwardTo: gatedForwardTo(options.forwardTo ?? slack?.forwardTo ?? [], options.forwardWhen),
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
      slack,
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

function gatedForwardTo(channels: ForwardTo, when: (() => boolean) | undefined): ForwardTo {
  if (!when) return channels
  return () => (when() ? (typeof channels === 'function' ? channels() : channels) : [])
}
