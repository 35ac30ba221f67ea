// The pipeline worker's side of the protocol: start the pipeline, answer invokes with the IPC
// handlers (the worker's channels), poll when asked, ask main for what only it can do (the
// keychain, the browser), stop cleanly.

import type { Logger } from 'pino'
import { errorMessage } from '../../../shared/errorMessage.ts'
import type { Channel, Check, WorkerHandlers } from '../../../shared/ipc/contract.ts'
import { prefsOf } from '../../../shared/settings/desktopSettings.ts'
import { channelPluginOf } from '../../core/channels/registry.ts'
import type { Presence } from '../away/awayDecision.ts'
import { desktopSalesforceAccess } from '../salesforce/desktopSalesforceAccess.ts'
import { desktopSalesforceSignIn } from '../salesforce/desktopSignIn.ts'
import type { SalesforceOAuthSettings } from '../salesforce/salesforceOAuth.ts'
import { configFromDesktopSettings } from '../service/desktopConfig.ts'
import { dispatchIpc } from '../service/ipcHandlers.ts'
import { readSecrets, type SecretVault } from '../service/secretVault.ts'
import { createSettingsService, type SettingsService } from '../service/settingsService.ts'
import { forwardsNow } from './channelForwarding.ts'
import { pendingReplies } from './pendingReplies.ts'
import { type PipelineRuntime, pipelineRuntime } from './pipelineRuntime.ts'
import {
  type FromWorker,
  type MessageChannelPort,
  parseMessage,
  type ToWorker,
  toWorkerSchema,
  type WorkerRequest,
} from './protocol.ts'
import { workerHandlers } from './workerHandlers.ts'
import { workerVault } from './workerVault.ts'

export interface WorkerOptions {
  channel: MessageChannelPort<FromWorker, ToWorker>
  log: Logger
  /** The core's data dir (state, demo warehouse, desktop settings): shared with the CLI */
  dataDir: string
  oauth: SalesforceOAuthSettings | null
  clock?: () => number
  /** After `stop` is done */
  onStopped?: () => void
}

/** Channels after which the unread count or the latest moments may differ. */
const CHANGES_STATE: ReadonlySet<Channel> = new Set([
  'moments.markRead',
  'moments.markAllRead',
  'mutes.set',
  'mutes.clear',
  // Acting on a moment marks it read.
  'moments.act',
])

export function runWorker(options: WorkerOptions): void {
  const { channel, log } = options
  const post = (message: FromWorker) => channel.post(message)
  let presence: Presence | null = null
  const replies = pendingReplies()
  let started: Promise<{ runtime: PipelineRuntime; handlers: WorkerHandlers }> | null = null

  function askMain(request: WorkerRequest): Promise<unknown> {
    return replies.ask((id) => void post({ type: 'request', id, request }))
  }

  async function start(message: Extract<ToWorker, { type: 'start' }>) {
    const vault: SecretVault = workerVault({
      initial: message.secrets,
      availability: message.vault,
      persist: askMain,
    })
    let runtime: PipelineRuntime | null = null
    const settings: SettingsService = createSettingsService({
      dataDir: options.dataDir,
      vault,
      salesforce: desktopSalesforceSignIn({
        settings: options.oauth,
        openBrowser: async (url) => void (await askMain({ op: 'open.signIn', url })),
        signedInInstanceUrl: () => settings.current().salesforceInstanceUrl,
      }),
      onSaved: () => {
        sendPrefs(settings)
        // In the background: Save answers at once, and the sync state shows the reopening.
        void runtime?.reconfigure()
      },
      onProblem: (problem) => log.warn(problem),
      awayDetection: () => presence?.detects ?? null,
      accountFieldLabels: () => runtime?.core()?.store.accounts.fields() ?? [],
      sendChannelTest: async (type, channelSettings) => {
        const plugin = channelPluginOf(type)
        if (!plugin) return { ok: false, detail: `Moments has no channel ${type}` }
        // Slack's `@me` needs your Salesforce e-mail: the same Salesforce settings the pipeline uses.
        const config = configFromDesktopSettings(
          settings.current(),
          await readSecrets(vault),
          options.dataDir,
        )
        return plugin.sendTest(channelSettings, { salesforce: config.salesforce, log }) as Promise<Check>
      },
    })
    runtime = pipelineRuntime({
      settings,
      vault,
      dataDir: options.dataDir,
      oauth: options.oauth,
      log,
      clock: options.clock,
      forwardNow: (channel) => forwardsNow(settings.current(), channel.type, presence),
      onStatus: (sync, latest) =>
        post({ type: 'status', state: sync.state, setupProblem: sync.setupProblem, latest }),
      onDelivered: (moments, total, digest) =>
        post({ type: 'delivered', moments, total, ...(digest ? { digest } : {}) }),
    })
    sendPrefs(settings)
    await runtime.start()
    const handlers = workerHandlers({
      runtime,
      settings,
      salesforce: desktopSalesforceAccess({
        settings: () => settings.current(),
        vault,
        oauth: options.oauth,
      }),
      openMailto: async (url) => void (await askMain({ op: 'open.mailto', url })),
    })
    post({
      type: 'ready',
      demo: runtime.isDemo(),
      warehouse: runtime.core()?.warehouseLabel ?? 'not running',
    })
    return { runtime, handlers }
  }

  function sendPrefs(settings: SettingsService): void {
    post({ type: 'prefs', prefs: prefsOf(settings.current()) })
  }

  async function invoke(message: Extract<ToWorker, { type: 'invoke' }>) {
    try {
      if (!started) throw new Error('the pipeline worker has not been started')
      const { runtime, handlers } = await started
      const value = await dispatchIpc(handlers, message.channel, message.request)
      post({ type: 'result', id: message.id, value })
      if (CHANGES_STATE.has(message.channel as Channel)) runtime.changed()
    } catch (error) {
      post({ type: 'result', id: message.id, error: errorMessage(error) })
    }
  }

  async function stop() {
    try {
      if (started) await (await started).runtime.stop()
    } catch (error) {
      log.error({ err: error }, 'stopping the pipeline failed')
    }
    post({ type: 'stopped' })
    options.onStopped?.()
  }

  channel.onMessage((raw) => {
    const message = parseMessage(toWorkerSchema, raw, (reason) =>
      post({ type: 'log', level: 'warn', message: `pipeline worker dropped a message: ${reason}` }),
    )
    if (!message) return
    switch (message.type) {
      case 'start':
        if (started) return
        started = start(message)
        started.catch((error: Error) => post({ type: 'fatal', message: error.message }))
        return
      case 'invoke':
        void invoke(message)
        return
      case 'poll':
        void started?.then(({ runtime }) => runtime.pollNow())
        return
      case 'presence':
        presence = message.presence
        return
      case 'answer':
        replies.settle(message)
        return
      case 'stop':
        void stop()
        return
    }
  })
}
