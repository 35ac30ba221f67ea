// What the pipeline worker may ask of the main process, and the checks main makes first: the
// worker is ours, but a link it asks to open still goes through the same allow-list as a window.

import type { SecretName } from '../../../shared/settings/desktopSettings.ts'
import type { ShellPort } from '../ports.ts'
import { isSecretName, type SafeStorageVault } from '../secrets/safeStorageVault.ts'
import { isAllowedExternal, isAllowedSignInUrl } from '../security/externalLinks.ts'
import type { WorkerRequest } from '../worker/protocol.ts'

export function workerRequestServer(options: {
  vault: SafeStorageVault
  shell: ShellPort
  salesforceInstanceUrl: () => string | null
  openSettings: () => void
  log: (message: string) => void
}) {
  return async function serve(request: WorkerRequest): Promise<unknown> {
    switch (request.op) {
      case 'vault.set':
        options.vault.set(secretName(request.name), request.value)
        return true
      case 'vault.delete':
        options.vault.delete(secretName(request.name))
        return true
      case 'open.external':
        if (!isAllowedExternal(request.url, options.salesforceInstanceUrl())) {
          options.log(`refused to open a link outside your Salesforce instance: ${safeOrigin(request.url)}`)
          return false
        }
        await options.shell.openExternal(request.url)
        return true
      case 'open.signIn':
        if (!isAllowedSignInUrl(request.url))
          throw new Error('refused: not a Salesforce sign-in page over https')
        await options.shell.openExternal(request.url)
        return true
      case 'open.settings':
        options.openSettings()
        return true
    }
  }
}

function secretName(name: string): SecretName {
  if (!isSecretName(name)) throw new Error(`not a secret Moments keeps: ${name}`)
  return name
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return '(not a URL)'
  }
}
