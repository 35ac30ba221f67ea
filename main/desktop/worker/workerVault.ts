import type { SecretName } from '../../../shared/settings/desktopSettings.ts'
import { isSecretName, type VaultAvailability } from '../secrets/safeStorageVault.ts'
import type { SecretVault } from '../service/secretVault.ts'

export type VaultWrite =
  | { op: 'vault.set'; name: string; value: string }
  | { op: 'vault.delete'; name: string }

/**
 * The worker's SecretVault: the secrets main decrypted at start, held in memory, with every write
 * sent to main, which alone can reach safeStorage. A write main refuses (no keyring) rejects here
 * too and changes nothing. Nothing in the worker touches the disk for a secret.
 */
export function workerVault(options: {
  initial: Record<string, string>
  availability: VaultAvailability
  persist: (write: VaultWrite) => Promise<unknown>
}): SecretVault & { availability(): VaultAvailability } {
  const secrets = new Map<SecretName, string>()
  for (const [name, value] of Object.entries(options.initial))
    if (isSecretName(name)) secrets.set(name, value)
  return {
    availability: () => options.availability,
    get: async (name) => secrets.get(name) ?? null,
    async set(name, value) {
      await options.persist({ op: 'vault.set', name, value })
      secrets.set(name, value)
    },
    async delete(name) {
      await options.persist({ op: 'vault.delete', name })
      secrets.delete(name)
    },
  }
}
