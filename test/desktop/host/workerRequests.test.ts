import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MAILTO_MAX_CHARS, mailtoUrl } from '../../../main/core/actions/mailtoUrl.ts'
import { workerRequestServer } from '../../../main/desktop/host/workerRequests.ts'
import { safeStorageVault } from '../../../main/desktop/secrets/safeStorageVault.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'moments-requests-'))
  dirs.push(dir)
  const vault = safeStorageVault({
    path: join(dir, 'secrets.json'),
    crypto: {
      isEncryptionAvailable: () => true,
      backend: () => null,
      encryptString: (plain) => Buffer.from(plain).reverse(),
      decryptString: (data) => Buffer.from(data).reverse().toString(),
    },
  })
  const opened: string[] = []
  const serve = workerRequestServer({ vault, shell: { openExternal: async (url) => void opened.push(url) } })
  return { serve, vault, opened }
}

describe("main's answers to the pipeline worker", () => {
  it('keeps secrets in the safeStorage vault, by known name only', async () => {
    const { serve, vault } = setup()
    await serve({ op: 'vault.set', name: 'slackBotToken', value: 'xoxb-1' })
    expect(vault.get('slackBotToken')).toBe('xoxb-1')
    await serve({ op: 'vault.delete', name: 'slackBotToken' })
    expect(vault.get('slackBotToken')).toBeNull()
    await expect(serve({ op: 'vault.set', name: 'anything', value: 'x' })).rejects.toThrow('not a secret')
  })

  it('opens only https sign-in pages', async () => {
    const { serve, opened } = setup()
    await expect(serve({ op: 'open.signIn', url: 'file:///etc/passwd' })).rejects.toThrow('refused')
    await serve({ op: 'open.signIn', url: 'https://login.salesforce.com/services/oauth2/authorize?x=1' })
    expect(opened).toEqual(['https://login.salesforce.com/services/oauth2/authorize?x=1'])
  })

  it('opens only reach-out drafts the worker built: mailto: URLs, every field encoded, under the cap', async () => {
    const { serve, opened } = setup()
    const draft = mailtoUrl({
      to: ['jo@acme.example'],
      subject: 'Adding MySQL',
      body: 'Hi Jo,\n\nThe page: x',
    }).url
    await serve({ op: 'open.mailto', url: draft })
    expect(opened).toEqual([draft])
    for (const url of [
      'https://evil.example/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'ms-settings:privacy',
      'mailto:jo@acme.example?body=raw line\r\nbreak',
      'mailto:jo@acme.example?body=%',
      `mailto:jo@acme.example?body=${'a'.repeat(MAILTO_MAX_CHARS)}`,
      'MAILTO:jo@acme.example',
      ' mailto:jo@acme.example',
    ]) {
      await expect(serve({ op: 'open.mailto', url })).rejects.toThrow(
        'refused: not a mailto: draft Moments built',
      )
    }
    expect(opened).toEqual([draft])
  })

  it('has nothing else to open: accounts and windows are main’s own IPC channels', async () => {
    const { serve } = setup()
    await expect(serve({ op: 'open.settings' } as never)).resolves.toBeUndefined()
  })
})
