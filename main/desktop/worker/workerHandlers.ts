// The IPC handlers (createIpcHandlers) as the worker runs them: over the running pipeline, with
// what only the main process can do (open a link, a window, the browser) asked of main.

import type { IpcHandlers } from '../../../shared/ipc/contract.ts'
import type { RulesSource } from '../../core/config/loadConfig.ts'
import { salesforceAccountUrl } from '../../core/ownership/accountUrl.ts'
import { createIpcHandlers } from '../service/ipcHandlers.ts'
import type { SettingsService } from '../service/settingsService.ts'
import type { PipelineRuntime } from './pipelineRuntime.ts'
import type { WorkerRequest } from './protocol.ts'

export function workerHandlers(options: {
  runtime: PipelineRuntime
  settings: SettingsService
  askMain: (request: WorkerRequest) => Promise<unknown>
}): IpcHandlers {
  const { runtime, settings, askMain } = options
  return createIpcHandlers({
    store: runtime.store,
    settings,
    rules: runtime.rules,
    preview: {
      async openWarehouse() {
        const core = runtime.core()
        if (!core) throw new Error('The pipeline is not running: fix the settings first')
        // Its own connection: a long preview never holds up the polls.
        return {
          source: core.openEvents(),
          accounts: core.store.accounts.load()?.snapshot.accounts ?? [],
        }
      },
      currentRules(): RulesSource {
        const path = settings.current().rulesPath
        return path ? { kind: 'file', path } : { kind: 'default' }
      },
    },
    desktop: {
      status: () => runtime.state(),
      syncNow: () => runtime.pollNow(),
      async openAccount(accountId) {
        const url = salesforceAccountUrl(settings.current().salesforceInstanceUrl, accountId)
        if (!url) return false
        return (await askMain({ op: 'open.external', url })) === true
      },
      async openSettings() {
        await askMain({ op: 'open.settings' })
      },
    },
  })
}
