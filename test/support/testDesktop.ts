// The IPC handlers as the desktop main process assembles them, with typed fakes for what only
// Electron can do (open a browser, run a sync, the keychain, OAuth). Services and store are real.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { momentActions } from '../../main/core/actions/momentActions.ts'
import type { SalesforceAccess } from '../../main/core/actions/salesforceTask.ts'
import { channelPluginOf } from '../../main/core/channels/registry.ts'
import { loadRules } from '../../main/core/rules/loadRules.ts'
import type { Store } from '../../main/core/store/store.ts'
import { openDraftMailto } from '../../main/desktop/host/workerRequests.ts'
import { mainHandlers } from '../../main/desktop/ipc/mainHandlers.ts'
import { createIpcHandlers } from '../../main/desktop/service/ipcHandlers.ts'
import { memorySecretVault, type SecretVault } from '../../main/desktop/service/secretVault.ts'
import {
  createSettingsService,
  type SalesforceSignIn,
  type SettingsService,
} from '../../main/desktop/service/settingsService.ts'
import { storedSyncState } from '../../main/desktop/service/syncState.ts'
import type { AwayDetection, Check, IpcHandlers, SyncState } from '../../shared/ipc/contract.ts'
import { DEFAULT_QUERY, type GeneratedWarehouse } from './generatedMoments.ts'
import { silentLog } from './pipelineFixtures.ts'
import { testSource } from './testSource.ts'

export interface TestDesktop {
  handlers: IpcHandlers
  settings: SettingsService
  vault: SecretVault
  dataDir: string
  /** What the fakes were asked to do */
  did: {
    syncs: number
    /** What main opened in the browser */
    openedUrls: string[]
    settingsOpened: number
    /** The channel and its settings, for each test message asked for */
    channelTests: { type: string; settings: unknown }[]
  }
  /** Overrides of the sync state (phase, catch-up, …) */
  status: Partial<SyncState>
  close(): void
}

export interface TestDesktopOptions {
  store: Store
  warehouse?: GeneratedWarehouse
  /** Without it the window opens settings itself (the fallback) */
  openSettings?: boolean
  channelAnswer?: Check
  /** The desktop's Salesforce address for "Open in Salesforce" (default: the saved one) */
  salesforceInstanceUrl?: string
  /** Send test messages for real, through the channels' plug-ins (to stand-ins) */
  realChannelTests?: boolean
  salesforce?: SalesforceSignIn
  /** What the desktop's main process reports it can tell of "away" */
  awayDetection?: AwayDetection
  /** The user's Salesforce session for "Log to Salesforce" (a stand-in's); none by default */
  salesforceAccess?: () => SalesforceAccess | null
}

export function testDesktop(options: TestDesktopOptions): TestDesktop {
  const dataDir = mkdtempSync(join(tmpdir(), 'moments-desktop-'))
  const vault = memorySecretVault()
  const did: TestDesktop['did'] = { syncs: 0, openedUrls: [], settingsOpened: 0, channelTests: [] }
  const status: Partial<SyncState> = {}
  const settings = createSettingsService({
    dataDir,
    vault,
    salesforce: options.salesforce,
    awayDetection: () => options.awayDetection ?? null,
    accountFieldLabels: () => options.store.accounts.fields(),
    sendChannelTest: async (type, settings) => {
      did.channelTests.push({ type, settings })
      const plugin = channelPluginOf(type)
      if (options.realChannelTests && plugin)
        return plugin.sendTest(settings, { salesforce: null, log: silentLog })
      return options.channelAnswer ?? { ok: true, detail: `Posted a test message to ${type}` }
    },
  })
  const current = () => settings.current()
  const rules = () =>
    loadRules(
      current().rulesPath ? { kind: 'file', path: current().rulesPath as string } : { kind: 'default' },
    )
  // Main's shell, as the worker reaches it for a reach-out draft (the same check of the URL).
  const shell = {
    async openExternal(url: string) {
      did.openedUrls.push(url)
    },
  }
  const handlers = createIpcHandlers({
    store: () => options.store,
    settings,
    rules,
    actions: momentActions({
      store: () => options.store,
      rules,
      salesforce: options.salesforceAccess ?? (() => null),
      openMailto: (url) => openDraftMailto(shell, url),
    }),
    preview: {
      currentRules: () =>
        current().rulesPath ? { kind: 'file', path: current().rulesPath as string } : { kind: 'default' },
      async openWarehouse() {
        const warehouse = options.warehouse
        if (!warehouse) throw new Error('no warehouse in this test')
        return { source: testSource(warehouse.url, DEFAULT_QUERY), accounts: warehouse.owned }
      },
    },
  })
  // What the desktop main process answers itself, the real handlers over fakes of what it owns.
  const main = mainHandlers({
    status: () => storedSyncState(options.store, { demo: current().warehouseUrl === null, ...status }),
    syncNow: () => {
      did.syncs++
    },
    salesforceInstanceUrl: () => options.salesforceInstanceUrl ?? current().salesforceInstanceUrl,
    shell,
    ...(options.openSettings
      ? {
          openSettings: () => {
            did.settingsOpened++
          },
        }
      : {}),
    log: () => {},
  })
  return {
    handlers: { ...handlers, ...main },
    settings,
    vault,
    dataDir,
    did,
    status,
    close: () => rmSync(dataDir, { recursive: true, force: true }),
  }
}
