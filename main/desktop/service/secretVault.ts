// Where the desktop keeps its secrets. The desktop main process implements this with Electron's
// safeStorage (the OS keychain); the core never sees how, and never writes a secret anywhere
// else — not the settings file, not SQLite, not a log line. Which secrets there are, the settings
// schema says (shared/settings/desktopSettings.ts).
import { SECRET_NAMES, type SecretName } from '../../../shared/settings/desktopSettings.ts'

export interface SecretVault {
  get(name: SecretName): Promise<string | null>
  set(name: SecretName, value: string): Promise<void>
  delete(name: SecretName): Promise<void>
}

/** A vault in memory: for tests, and for a desktop whose OS offers no keychain this session. */
export function memorySecretVault(initial: Partial<Record<SecretName, string>> = {}): SecretVault {
  const values = new Map<SecretName, string>(Object.entries(initial) as [SecretName, string][])
  return {
    get: async (name) => values.get(name) ?? null,
    set: async (name, value) => void values.set(name, value),
    delete: async (name) => void values.delete(name),
  }
}

export type DesktopSecrets = Partial<Record<SecretName, string | null>>

export async function readSecrets(vault: SecretVault): Promise<DesktopSecrets> {
  const entries = await Promise.all(SECRET_NAMES.map(async (name) => [name, await vault.get(name)] as const))
  return Object.fromEntries(entries)
}
