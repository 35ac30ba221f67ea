// What the pipeline worker may ask of the main process (the keychain, the sign-in page), and the
// checks main makes first: the worker is ours, but what it asks still goes through main's rules.

import type { SecretName } from '../../../shared/settings/desktopSettings.ts'
import { isDraftMailto } from '../../core/actions/mailtoUrl.ts'
import type { ShellPort } from '../ports.ts'
import { isSecretName, type SafeStorageVault } from '../secrets/safeStorageVault.ts'
import { isAllowedSignInUrl } from '../security/externalLinks.ts'
import type { WorkerRequest } from '../worker/protocol.ts'

export function workerRequestServer(options: { vault: SafeStorageVault; shell: ShellPort }) {
  return async function serve(request: WorkerRequest): Promise<unknown> {
    switch (request.op) {
      case 'vault.set':
        options.vault.set(secretName(request.name), request.value)
        return true
      case 'vault.delete':
        options.vault.delete(secretName(request.name))
        return true
      case 'open.signIn':
        if (!isAllowedSignInUrl(request.url))
          throw new Error('refused: not a Salesforce sign-in page over https')
        await options.shell.openExternal(request.url)
        return true
      case 'open.mailto':
        await openDraftMailto(options.shell, request.url)
        return true
    }
  }
}

/**
 * A reach-out draft into the mail client: only a `mailto:` URL of the shape the worker builds
 * (`mailtoUrl.ts`: every field percent-encoded, under the length cap). The OS hands it to the
 * mail client, which shows it; nothing is sent. Any other URL, or scheme, is refused.
 */
export async function openDraftMailto(shell: ShellPort, url: string): Promise<void> {
  if (!isDraftMailto(url)) throw new Error('refused: not a mailto: draft Moments built')
  await shell.openExternal(url)
}

function secretName(name: string): SecretName {
  if (!isSecretName(name)) throw new Error(`not a secret Moments keeps: ${name}`)
  return name
}
