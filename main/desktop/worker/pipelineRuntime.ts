// The core as the desktop runs it, inside the pipeline worker: opened from the desktop settings,
// polled by the run loop, reopened when the settings change, with forwarding to the chat channels
// alongside.
// When the settings cannot work (a rules file gone, no sign-in), the state file is still opened
// so the history stays readable, and the reason is the sync state's error.

import { join } from 'node:path'
import type { Logger } from 'pino'
import { errorMessage } from '../../../shared/errorMessage.ts'
import { HELD_LIMIT, type LatestMoment, type NoticeMoment, noticeOf } from '../../../shared/notice.ts'
import type { OpenChannel } from '../../core/channels/channel.ts'
import type { BatchOutcome } from '../../core/pipeline/batchOutcome.ts'
import type { CatchUpProgress, Poller } from '../../core/pipeline/poller.ts'
import { runLoop } from '../../core/pipeline/runLoop.ts'
import type { CompiledRule } from '../../core/rules/compiledRule.ts'
import { openMomentsStore, type Store } from '../../core/store/store.ts'
import { type Core, openCore } from '../../core/wiring/openCore.ts'
import { oauthTokenSource } from '../salesforce/oauthTokenSource.ts'
import type { SalesforceOAuthSettings } from '../salesforce/salesforceOAuth.ts'
import type { SecretVault } from '../service/secretVault.ts'
import type { SettingsService } from '../service/settingsService.ts'
import { type LiveSync, latestMoments, livePhase, type WorkerSync, workerSyncState } from './syncState.ts'

export interface PipelineRuntimeOptions {
  settings: SettingsService
  vault: SecretVault
  dataDir: string
  oauth: SalesforceOAuthSettings | null
  log: Logger
  clock?: () => number
  /** A channel's "only when I'm away": asked once per batch, for each channel */
  forwardNow: (channel: OpenChannel) => boolean
  /** The sync state or the latest moments changed */
  onStatus: (sync: WorkerSync, latest: LatestMoment[]) => void
  /** A poll ended: the moments it delivered (capped at HELD_LIMIT) and how many in all */
  onDelivered: (moments: NoticeMoment[], total: number, digest: boolean) => void
}

const STATUS_EVERY_MS = 250

export function pipelineRuntime(options: PipelineRuntimeOptions) {
  const { log } = options
  const clock = options.clock ?? Date.now
  let core: Core | null = null
  let bareStore: Store | null = null
  let loop: ReturnType<typeof runLoop> | null = null
  let forwardStop: AbortController | null = null
  let problem: string | null = null
  let live: LiveSync = { phase: 'idle', progress: null }
  let delivered: NoticeMoment[] = []
  let deliveredTotal = 0
  /** This poll read accounts newly owned: their earlier moments make its notifications one digest */
  let handedOver = false
  let lastStatusAt = 0
  // Opening and closing are serialised: a settings save during a start waits for it.
  let transition: Promise<void> = Promise.resolve()

  function store(): Store {
    const current = core?.store ?? bareStore
    if (!current) throw new Error('Moments is still starting')
    return current
  }

  function state(): WorkerSync {
    return workerSyncState(store(), live, { demo: isDemo(), problem })
  }

  function isDemo(): boolean {
    return core ? core.config.origin.kind === 'demo' : options.settings.current().warehouseUrl === null
  }

  function publish(force = true): void {
    const now = clock()
    if (!force && now - lastStatusAt < STATUS_EVERY_MS) return
    lastStatusAt = now
    if (!core && !bareStore) return
    try {
      options.onStatus(state(), latestMoments(store()))
    } catch (error) {
      log.warn({ err: error }, 'cannot read the sync state')
    }
  }

  function flushDelivered(): void {
    const moments = delivered
    const total = deliveredTotal
    const digest = handedOver
    delivered = []
    deliveredTotal = 0
    handedOver = false
    options.onDelivered(moments, total, digest)
  }

  function collect(batch: BatchOutcome, progress: CatchUpProgress): void {
    for (const m of batch.moments) {
      if (m.status !== 'delivered') continue
      deliveredTotal++
      if (delivered.length < HELD_LIMIT) delivered.push(noticeOf(m))
    }
    live = { phase: livePhase(progress), progress }
    publish(batch.moments.length > 0)
  }

  async function open(): Promise<void> {
    try {
      const config = await options.settings.config()
      core = await openCore(config, {
        log,
        clock,
        salesforceToken: await tokenSource(),
        forwardWhen: options.forwardNow,
      })
      problem = null
    } catch (error) {
      problem = errorMessage(error)
      log.error(`cannot start the pipeline: ${problem}`)
      const demo = options.settings.current().warehouseUrl === null
      bareStore = openMomentsStore(join(options.dataDir, demo ? 'demo.db' : 'moments.db'))
      publish()
      return
    }
    const opened = core
    const poller: Poller = {
      poll(listener) {
        live = { phase: 'syncing', progress: null }
        publish()
        return opened.poller.poll(listener)
      },
      close: opened.poller.close,
    }
    if (opened.forwarding) {
      forwardStop = new AbortController()
      opened.forwarding
        .run(forwardStop.signal)
        .catch((error: Error) => log.error({ err: error }, 'forwarding stopped'))
    }
    loop = runLoop({
      poller,
      pollIntervalMs: opened.pollIntervalMs,
      log,
      listener: {
        onBatch: collect,
        onHandover(batch, progress) {
          if (batch.delivered > 0) handedOver = true
          collect(batch, progress)
        },
      },
      onReport() {
        live = { phase: 'idle', progress: null }
        flushDelivered()
        publish()
      },
      onFailure(error, retryInMs) {
        live = { phase: 'error', progress: null }
        const reason = errorMessage(error)
        log.warn(`poll failed: ${reason}; retrying in ${Math.round(retryInMs / 1000)}s`)
        // Batches committed before the failure are delivered; an empty failed poll is no poll
        // for the notifications (after waking up, the catch-up digest waits for a real one).
        if (deliveredTotal > 0) flushDelivered()
        publish()
      },
      afterPoll: async () => {
        opened.forwarding?.afterPoll()
        await opened.retention.afterPoll()
      },
    })
    log.info(`polling ${opened.warehouseLabel} every ${opened.pollIntervalMs / 1000}s`)
  }

  /** After a desktop sign-in, the access token renews itself; a pasted token is used as it is. */
  async function tokenSource() {
    const settings = options.settings.current()
    if (!options.oauth || !settings.salesforceSignedInAs || !settings.salesforceInstanceUrl) return undefined
    if (!(await options.vault.get('salesforceRefreshToken'))) return undefined
    return oauthTokenSource({
      settings: options.oauth,
      vault: options.vault,
      instanceUrl: settings.salesforceInstanceUrl,
    })
  }

  async function close(): Promise<void> {
    forwardStop?.abort()
    forwardStop = null
    await loop?.stop()
    loop = null
    await core?.close()
    core = null
    bareStore?.close()
    bareStore = null
    live = { phase: 'idle', progress: null }
  }

  function serially(work: () => Promise<void>): Promise<void> {
    transition = transition.then(work, work)
    return transition
  }

  return {
    start: () => serially(open),
    /**
     * The settings changed: reopen the core when its config did. Quiet hours, the digest
     * threshold or Slack's away mode are read live and need no restart.
     */
    reconfigure: () =>
      serially(async () => {
        const next = await options.settings.config().then(
          (config) => JSON.stringify(config),
          () => null,
        )
        if (core && next !== null && next === JSON.stringify(core.config)) return
        await close()
        await open()
      }),
    stop: () => serially(close),
    /** Sync now, back from sleep, online again. */
    pollNow(): void {
      loop?.wake()
    },
    /** Someone read or muted something in a window: the unread count and the menu change. */
    changed: () => publish(),
    store,
    state,
    rules: (): readonly CompiledRule[] => core?.rules ?? [],
    core: () => core,
    isDemo,
  }
}

export type PipelineRuntime = ReturnType<typeof pipelineRuntime>
