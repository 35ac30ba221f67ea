import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CryptoPort } from '../../../main/desktop/ports.ts'
import { safeStorageVault, VaultUnavailableError } from '../../../main/desktop/secrets/safeStorageVault.ts'
import { workerVault } from '../../../main/desktop/worker/workerVault.ts'
import { SECRET_NAMES } from '../../../shared/settings/desktopSettings.ts'

/** safeStorage stand-in: a reversible transform, and a log of what went through it. */
class FakeSafeStorage implements CryptoPort {
  available = true
  selected: string | null = 'gnome_libsecret'
  encrypted: string[] = []
  isEncryptionAvailable = () => this.available
  backend = () => this.selected
  encryptString(plain: string): Buffer {
    this.encrypted.push(plain)
    return Buffer.from(`enc:${Buffer.from(plain).toString('hex')}`)
  }
  decryptString(encrypted: Buffer): string {
    const text = encrypted.toString()
    if (!text.startsWith('enc:')) throw new Error('not ours')
    return Buffer.from(text.slice(4), 'hex').toString()
  }
}

let dir: string
let path: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'moments-vault-'))
  path = join(dir, 'secrets.json')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the safeStorage vault', () => {
  it('encrypts every secret with safeStorage and keeps only ciphertext on disk', () => {
    const crypto = new FakeSafeStorage()
    const vault = safeStorageVault({ crypto, path })
    for (const name of SECRET_NAMES) vault.set(name, `secret-of-${name}`)
    expect(crypto.encrypted).toEqual(SECRET_NAMES.map((name) => `secret-of-${name}`))
    const onDisk = readFileSync(path, 'utf8')
    for (const name of SECRET_NAMES) expect(onDisk).not.toContain(`secret-of-${name}`)
    for (const name of SECRET_NAMES) expect(vault.get(name)).toBe(`secret-of-${name}`)
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('survives a restart and forgets what is deleted', () => {
    safeStorageVault({ crypto: new FakeSafeStorage(), path }).set('slackBotToken', 'xoxb-1')
    const again = safeStorageVault({ crypto: new FakeSafeStorage(), path })
    expect(again.all()).toEqual({ slackBotToken: 'xoxb-1' })
    again.delete('slackBotToken')
    expect(again.get('slackBotToken')).toBeNull()
  })

  it('refuses to store a secret when the OS offers no encryption', () => {
    const crypto = new FakeSafeStorage()
    crypto.available = false
    const vault = safeStorageVault({ crypto, path })
    expect(() => vault.set('warehousePassword', 'hunter2')).toThrow(VaultUnavailableError)
    expect(vault.forWorker()).toMatchObject({ secrets: {}, vault: { ok: false } })
  })

  it("refuses Linux's basic_text backend: a hard-coded key is not encryption", () => {
    const crypto = new FakeSafeStorage()
    crypto.selected = 'basic_text'
    const vault = safeStorageVault({ crypto, path })
    expect(() => vault.set('salesforceRefreshToken', 'r')).toThrow(/keyring/)
    expect(crypto.encrypted).toEqual([])
  })

  it('knows only the secrets Moments keeps', () => {
    const vault = safeStorageVault({ crypto: new FakeSafeStorage(), path })
    expect(() => vault.set('apiKey' as never, 'x')).toThrow('not a known secret')
  })
})

describe("the pipeline worker's vault", () => {
  it('holds the secrets main decrypted, and sends every write to main', async () => {
    const writes: unknown[] = []
    const vault = workerVault({
      initial: { warehousePassword: 'pw', bogus: 'x' },
      availability: { ok: true },
      persist: async (write) => writes.push(write),
    })
    expect(await vault.get('warehousePassword')).toBe('pw')
    await vault.set('salesforceAccessToken', 'tok')
    await vault.delete('warehousePassword')
    expect(writes).toEqual([
      { op: 'vault.set', name: 'salesforceAccessToken', value: 'tok' },
      { op: 'vault.delete', name: 'warehousePassword' },
    ])
    expect(await vault.get('salesforceAccessToken')).toBe('tok')
    expect(await vault.get('warehousePassword')).toBeNull()
  })

  it('changes nothing when main refuses the write (no keyring)', async () => {
    const vault = workerVault({
      initial: {},
      availability: { ok: false, reason: 'no keyring' },
      persist: async () => {
        throw new Error('no keyring')
      },
    })
    await expect(vault.set('slackWebhookUrl', 'https://hooks.slack.com/x')).rejects.toThrow('no keyring')
    expect(await vault.get('slackWebhookUrl')).toBeNull()
  })
})
