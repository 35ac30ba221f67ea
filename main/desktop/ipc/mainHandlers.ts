// The IPC channels the main process answers itself (MAIN_CHANNELS): what it owns needs no trip to
// the pipeline worker and back. Requests are validated like the worker's.
import type { MainHandlers, SyncState } from '../../../shared/ipc/contract.ts'
import { salesforceAccountUrl } from '../../core/ownership/accountUrl.ts'
import type { ShellPort } from '../ports.ts'
import { isAllowedExternal } from '../security/externalLinks.ts'
import { validated } from '../service/ipcHandlers.ts'

export interface MainActions {
  /** The sync state as main composes it: the worker's, with pause and offline */
  status(): SyncState
  syncNow(): void
  /** The signed-in org's address, for "Open in Salesforce"; null when none */
  salesforceInstanceUrl(): string | null
  shell: ShellPort
  /** Opens or focuses the settings window; absent, the window switches to settings itself */
  openSettings?(): void
  log(message: string): void
}

export function mainHandlers(actions: MainActions): MainHandlers {
  return validated<MainHandlers>({
    'status.get': async () => actions.status(),
    'sync.now': async () => {
      actions.syncNow()
      return { ok: true }
    },
    'app.openAccount': async (r) => {
      const instance = actions.salesforceInstanceUrl()
      const url = salesforceAccountUrl(instance, r.accountId)
      if (!url) return { ok: false }
      // The same allow-list as every link: https, the user's own instance (and its Lightning host).
      if (!isAllowedExternal(url, instance)) {
        actions.log(`refused to open a link outside your Salesforce instance: ${new URL(url).origin}`)
        return { ok: false }
      }
      await actions.shell.openExternal(url)
      return { ok: true }
    },
    'app.openSettings': async () => {
      if (!actions.openSettings) return { ok: false }
      actions.openSettings()
      return { ok: true }
    },
  })
}
