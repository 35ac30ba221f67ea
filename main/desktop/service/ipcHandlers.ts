import { CHANNELS, type Channel, type IpcHandlers, type SyncState } from '../../../shared/ipc/contract.ts'
import type { CompiledRule } from '../../core/rules/compiledRule.ts'
import type { Store } from '../../core/store/store.ts'
import { createHistoryService } from './historyService.ts'
import { IpcRequestError, isChannel, validateRequest } from './ipcRequest.ts'
import { createMutesService } from './mutesService.ts'
import { createRulesPreview, type RulesPreviewDeps } from './rulesPreview.ts'
import type { SettingsService } from './settingsService.ts'

/** What only the desktop main process can do: it passes these in (typed fakes in tests). */
export interface DesktopActions {
  status(): SyncState | Promise<SyncState>
  syncNow(): void | Promise<void>
  /** Opens the account in the user's Salesforce (https only, the user's instance); false if it cannot */
  openAccount(accountId: string): boolean | Promise<boolean>
  /** Opens or focuses the settings window; without it the window switches to settings itself */
  openSettings?(): void | Promise<void>
}

export interface IpcDeps {
  /** The current state file (it changes when the user leaves the demo) */
  store: () => Store
  settings: SettingsService
  preview: RulesPreviewDeps
  desktop: DesktopActions
  /** The rules running now: name the snooze and once fields in "why you got this" */
  rules?: () => readonly CompiledRule[]
  clock?: () => number
}

/**
 * Every channel of the contract over the services. Each handler validates its request with the
 * contract's schema (and a size limit) before anything else: a window is never trusted.
 */
export function createIpcHandlers(deps: IpcDeps): IpcHandlers {
  const history = createHistoryService({
    store: deps.store,
    clock: deps.clock,
    ruleKeys: (ruleId) => deps.rules?.().find((r) => r.id === ruleId) ?? null,
  })
  const mutes = createMutesService({ store: deps.store, clock: deps.clock })
  const preview = createRulesPreview({ ...deps.preview, clock: deps.preview.clock ?? deps.clock })
  const { settings, desktop } = deps

  return validated({
    'moments.list': async (r) => history.list(r),
    'moments.get': async (r) => history.get(r.id),
    'moments.markRead': async (r) => history.markRead(r.ids, r.read ?? true),
    'moments.markAllRead': async (r) => history.markAllRead(r.filter),
    'moments.timeline': async (r) => history.timeline(r.accountId, r.days),
    'filters.options': async () => history.filterOptions(),
    'mutes.set': async (r) => mutes.set(r),
    'mutes.clear': async (r) => mutes.clear(r),
    'mutes.list': async () => mutes.list(),
    'status.get': async () => desktop.status(),
    'sync.now': async () => {
      await desktop.syncNow()
      return { ok: true }
    },
    'app.openAccount': async (r) => ({ ok: await desktop.openAccount(r.accountId) }),
    'app.openSettings': async () => {
      if (!desktop.openSettings) return { ok: false }
      await desktop.openSettings()
      return { ok: true }
    },
    'rules.preview': (r) => preview(r),
    'settings.get': () => settings.view(),
    'settings.save': (r) => settings.save(r),
    'settings.testWarehouse': (r) => settings.testWarehouse(r),
    'settings.validateRules': (r) => settings.validateRules(r.path),
    'settings.salesforceSignIn': (r) => settings.salesforceSignIn(r.instanceUrl),
    'settings.salesforceSignOut': () => settings.salesforceSignOut(),
    'settings.testChannel': (r) => settings.testChannel(r.channel),
  })
}

function validated(handlers: IpcHandlers): IpcHandlers {
  const checked: Partial<Record<Channel, (payload: unknown) => Promise<unknown>>> = {}
  for (const channel of CHANNELS) {
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>
    checked[channel] = async (payload) => handler(validateRequest(channel, payload))
  }
  return checked as IpcHandlers
}

/** For a transport that carries the channel name as data (ipcMain.handle per channel needs none). */
export function dispatchIpc(handlers: IpcHandlers, channel: unknown, payload: unknown): Promise<unknown> {
  if (!isChannel(channel))
    return Promise.reject(new IpcRequestError(`unknown channel ${String(channel).slice(0, 80)}`))
  return (handlers[channel] as (payload: unknown) => Promise<unknown>)(payload)
}
