import {
  CHANNELS,
  type Channel,
  type IpcHandlers,
  type WorkerHandlers,
} from '../../../shared/ipc/contract.ts'
import type { MomentActions } from '../../core/actions/momentActions.ts'
import type { CompiledRule } from '../../core/rules/compiledRule.ts'
import type { Store } from '../../core/store/store.ts'
import { createActionsService } from './actionsService.ts'
import { createHistoryService } from './historyService.ts'
import { IpcRequestError, isChannel, validateRequest } from './ipcRequest.ts'
import { createMutesService } from './mutesService.ts'
import { createRulesPreview, type RulesPreviewDeps } from './rulesPreview.ts'
import type { SettingsService } from './settingsService.ts'

export interface IpcDeps {
  /** The current state file (it changes when the user leaves the demo) */
  store: () => Store
  settings: SettingsService
  preview: RulesPreviewDeps
  /** The rules running now: name the snooze and once fields in "why you got this" */
  rules?: () => readonly CompiledRule[]
  /** Reach out, log to Salesforce, done, not useful (core/actions) */
  actions: MomentActions
  clock?: () => number
}

/**
 * The channels the pipeline worker answers, over the services (the main process answers the
 * others: MAIN_CHANNELS). Each handler validates its request with the contract's schema (and a
 * size limit) before anything else: a window is never trusted.
 */
export function createIpcHandlers(deps: IpcDeps): WorkerHandlers {
  const history = createHistoryService({
    store: deps.store,
    clock: deps.clock,
    ruleKeys: (ruleId) => deps.rules?.().find((r) => r.id === ruleId) ?? null,
  })
  const mutes = createMutesService({ store: deps.store, clock: deps.clock })
  const preview = createRulesPreview({ ...deps.preview, clock: deps.preview.clock ?? deps.clock })
  const actions = createActionsService({ store: deps.store, actions: deps.actions, clock: deps.clock })
  const { settings } = deps

  return validated({
    'moments.list': async (r) => history.list(r),
    'moments.thread': async (r) => history.thread(r),
    'moments.get': async (r) => history.get(r.id),
    'moments.markRead': async (r) => history.markRead(r.ids, r.read ?? true),
    'moments.markAllRead': async (r) => history.markAllRead(r.filter),
    'moments.timeline': async (r) => history.timeline(r.accountId, r.days),
    'moments.act': (r) => actions.act(r.id, r.kind),
    'filters.options': async () => history.filterOptions(),
    'mutes.set': async (r) => mutes.set(r),
    'mutes.clear': async (r) => mutes.clear(r),
    'mutes.list': async () => mutes.list(),
    'rules.preview': (r) => preview(r),
    'rules.usage': async (r) => actions.usage(r),
    'settings.get': () => settings.view(),
    'settings.save': (r) => settings.save(r),
    'settings.testWarehouse': (r) => settings.testWarehouse(r),
    'settings.validateRules': (r) => settings.validateRules(r.path),
    'settings.salesforceSignIn': (r) => settings.salesforceSignIn(r.instanceUrl),
    'settings.salesforceSignOut': () => settings.salesforceSignOut(),
    'settings.testChannel': (r) => settings.testChannel(r.channel),
  })
}

/** Each handler behind the contract's validation of its request. */
export function validated<H extends Partial<IpcHandlers>>(handlers: H): H {
  const checked: Partial<Record<Channel, (payload: unknown) => Promise<unknown>>> = {}
  for (const channel of CHANNELS) {
    const handler = handlers[channel] as ((request: unknown) => Promise<unknown>) | undefined
    if (handler) checked[channel] = async (payload) => handler(validateRequest(channel, payload))
  }
  return checked as H
}

/** For a transport that carries the channel name as data (ipcMain.handle per channel needs none). */
export function dispatchIpc(
  handlers: Partial<IpcHandlers>,
  channel: unknown,
  payload: unknown,
): Promise<unknown> {
  const handler = isChannel(channel) && Object.hasOwn(handlers, channel) ? handlers[channel] : undefined
  if (!handler) return Promise.reject(new IpcRequestError(`unknown channel ${String(channel).slice(0, 80)}`))
  return (handler as (payload: unknown) => Promise<unknown>)(payload)
}
