// The IPC handlers (createIpcHandlers) as the worker runs them: over the running pipeline. The
// channels main owns (status, sync now, opening links and windows) main answers itself.

import type { WorkerHandlers } from '../../../shared/ipc/contract.ts'
import { momentActions } from '../../core/actions/momentActions.ts'
import type { SalesforceAccess } from '../../core/actions/salesforceTask.ts'
import type { RulesSource } from '../../core/config/loadConfig.ts'
import { createIpcHandlers } from '../service/ipcHandlers.ts'
import type { SettingsService } from '../service/settingsService.ts'
import type { PipelineRuntime } from './pipelineRuntime.ts'

export function workerHandlers(options: {
  runtime: PipelineRuntime
  settings: SettingsService
  /** The user's Salesforce session, for logging a Task and finding contacts */
  salesforce: () => SalesforceAccess | null
  /** Asks main to open a reach-out draft in the mail client */
  openMailto: (url: string) => Promise<void>
}): WorkerHandlers {
  const { runtime, settings } = options
  return createIpcHandlers({
    store: runtime.store,
    settings,
    rules: runtime.rules,
    actions: momentActions({
      store: runtime.store,
      rules: runtime.rules,
      salesforce: options.salesforce,
      openMailto: options.openMailto,
    }),
    preview: {
      async openWarehouse() {
        const core = runtime.core()
        if (!core) throw new Error('The pipeline is not running: fix the settings first')
        // Its own connection: a long preview never holds up the polls.
        const book = core.store.accounts.load()
        return {
          source: core.openEvents(),
          accounts: book?.snapshot.accounts ?? [],
          accountFields: book?.snapshot.accountFields
            ? { fields: book.snapshot.accountFields, refreshedAt: book.refreshedAt }
            : undefined,
        }
      },
      currentRules(): RulesSource {
        const path = settings.current().rulesPath
        return path ? { kind: 'file', path } : { kind: 'default' }
      },
    },
  })
}
