// Secrets at rest: each value encrypted with Electron's safeStorage (Keychain on macOS, DPAPI on
// Windows, libsecret/KWallet on Linux) and kept in one file in userData, written atomically and
// readable by the user only. The file holds ciphertext only.
//
// Linux without a keyring: safeStorage then falls back to `basic_text`, a key hard-coded in
// Chromium, i.e. obfuscated plaintext. We refuse to store secrets in that case (VaultUnavailable)
// rather than pretend; the settings window shows why, and the CLI with `env:` references works.

import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { errorMessage } from '../../../shared/errorMessage.ts'
import { SECRET_NAMES, type SecretName } from '../../../shared/settings/desktopSettings.ts'
import type { CryptoPort } from '../ports.ts'

export class VaultUnavailableError extends Error {
  override name = 'VaultUnavailableError'
}

interface VaultFile {
  version: 1
  /** name → base64 of safeStorage ciphertext */
  entries: Record<string, string>
}

export type VaultAvailability = { ok: true } | { ok: false; reason: string }

export function vaultAvailability(crypto: CryptoPort): VaultAvailability {
  if (!crypto.isEncryptionAvailable()) {
    return {
      ok: false,
      reason: 'the operating system offers no encryption for secrets (no keychain or keyring)',
    }
  }
  if (crypto.backend() === 'basic_text') {
    return {
      ok: false,
      reason:
        'no keyring found (GNOME Keyring or KWallet): secrets would be stored with a fixed key, so they are not stored',
    }
  }
  return { ok: true }
}

export function safeStorageVault(options: { crypto: CryptoPort; path: string }) {
  const { crypto, path } = options

  function read(): VaultFile {
    if (!existsSync(path)) return { version: 1, entries: {} }
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as VaultFile
    return parsed && parsed.version === 1 && typeof parsed.entries === 'object'
      ? parsed
      : { version: 1, entries: {} }
  }

  function write(file: VaultFile): void {
    mkdirSync(dirname(path), { recursive: true })
    const temp = `${path}.${process.pid}.tmp`
    writeFileSync(temp, JSON.stringify(file), { mode: 0o600 })
    renameSync(temp, path)
    chmodSync(path, 0o600)
  }

  function checkName(name: string): asserts name is SecretName {
    if (!isSecretName(name)) throw new Error(`not a known secret: ${name}`)
  }

  return {
    availability: (): VaultAvailability => vaultAvailability(crypto),
    get(name: SecretName): string | null {
      checkName(name)
      const stored = read().entries[name]
      if (stored === undefined) return null
      const availability = vaultAvailability(crypto)
      if (!availability.ok) throw new VaultUnavailableError(availability.reason)
      return crypto.decryptString(Buffer.from(stored, 'base64'))
    },
    /** Every stored secret, decrypted: handed to the pipeline worker at start, in memory only. */
    all(): Partial<Record<SecretName, string>> {
      const out: Partial<Record<SecretName, string>> = {}
      const entries = read().entries
      if (Object.keys(entries).length === 0) return out
      const availability = vaultAvailability(crypto)
      if (!availability.ok) throw new VaultUnavailableError(availability.reason)
      for (const [name, stored] of Object.entries(entries)) {
        if (isSecretName(name)) out[name] = crypto.decryptString(Buffer.from(stored, 'base64'))
      }
      return out
    },
    /** The start message's secrets: decrypted ones (none when the vault is unavailable) and why not. */
    forWorker(): { secrets: Record<string, string>; vault: VaultAvailability } {
      const availability = vaultAvailability(crypto)
      if (!availability.ok) return { secrets: {}, vault: availability }
      try {
        return { secrets: this.all() as Record<string, string>, vault: availability }
      } catch (error) {
        return {
          secrets: {},
          vault: { ok: false, reason: `cannot decrypt the saved secrets: ${errorMessage(error)}` },
        }
      }
    },
    set(name: SecretName, value: string): void {
      checkName(name)
      const availability = vaultAvailability(crypto)
      if (!availability.ok) throw new VaultUnavailableError(availability.reason)
      const file = read()
      file.entries[name] = crypto.encryptString(value).toString('base64')
      write(file)
    },
    delete(name: SecretName): void {
      checkName(name)
      const file = read()
      if (!(name in file.entries)) return
      delete file.entries[name]
      write(file)
    },
  }
}

export type SafeStorageVault = ReturnType<typeof safeStorageVault>

export function isSecretName(name: string): name is SecretName {
  return (SECRET_NAMES as readonly string[]).includes(name)
}
