import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { credentialTargetKey } from '../../../main/core/warehouse/credentialTarget.ts'
import { memorySecretVault } from '../../../main/desktop/service/secretVault.ts'
import { createSettingsService } from '../../../main/desktop/service/settingsService.ts'

// A window that runs hostile script can name any warehouse URL in "Test connection" or save. A
// server there that asks for a cleartext password must not receive the one saved for another.

const cleanup: (() => void)[] = []
afterEach(() => {
  for (const undo of cleanup.splice(0)) undo()
})

/** A PostgreSQL server that asks for the password in clear text and keeps what it is sent. */
async function passwordCatcher(): Promise<{ port: number; passwords: string[] }> {
  const passwords: string[] = []
  const server: Server = createServer((socket) => {
    let buffer = Buffer.alloc(0)
    let asked = false
    socket.on('error', () => {})
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk])
      if (!asked) {
        if (buffer.length < 4 || buffer.length < buffer.readInt32BE(0)) return
        buffer = buffer.subarray(buffer.readInt32BE(0))
        asked = true
        // AuthenticationCleartextPassword
        socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]))
      }
      if (buffer.length >= 5 && buffer[0] === 0x70 && buffer.length >= 1 + buffer.readInt32BE(1)) {
        passwords.push(buffer.subarray(5, buffer.readInt32BE(1)).toString('utf8'))
        socket.destroy()
      }
    })
  })
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
  cleanup.push(() => server.close())
  return { port: (server.address() as { port: number }).port, passwords }
}

function service() {
  const dataDir = mkdtempSync(join(tmpdir(), 'moments-credentials-'))
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }))
  const vault = memorySecretVault()
  const settings = createSettingsService({ dataDir, vault })
  return { settings, vault, dataDir }
}

// Leaving the demo needs Salesforce as well.
const SALESFORCE = {
  salesforceInstanceUrl: 'https://acme.my.salesforce.com',
  salesforceAccessToken: 'sf-token',
}

describe('the saved warehouse password', () => {
  it('goes to the server it was saved for, and to no other one a window names', async () => {
    const saved = await passwordCatcher()
    const other = await passwordCatcher()
    const { settings } = service()
    expect(
      await settings.save({
        warehouseUrl: `postgres://reader:s3cret@127.0.0.1:${saved.port}/analytics`,
        ...SALESFORCE,
      }),
    ).toMatchObject({ ok: true })

    await settings.testWarehouse({ url: `postgres://reader@127.0.0.1:${saved.port}/analytics` })
    expect(saved.passwords).toEqual(['s3cret'])

    for (const url of [
      `postgres://reader@127.0.0.1:${other.port}/analytics`,
      `postgres://reader@wh.example.com:${saved.port}/analytics?host=127.0.0.1&port=${other.port}`,
      `postgres://someone@127.0.0.1:${other.port}/analytics`,
    ]) {
      const answer = await settings.testWarehouse({ url })
      expect(answer.ok, url).toBe(false)
    }
    expect(other.passwords.filter((p) => p === 's3cret')).toEqual([])
    // One the window types itself goes where the window says.
    await settings.testWarehouse({
      url: `postgres://reader@127.0.0.1:${other.port}/analytics`,
      password: 'typed',
    })
    expect(other.passwords).toContain('typed')
  })

  it('is forgotten when a save names another target without a password, kept when only other parts change', async () => {
    const { settings, vault } = service()
    expect(
      await settings.save({
        warehouseUrl: 'postgres://reader:s3cret@wh.example.com:5432/analytics',
        ...SALESFORCE,
      }),
    ).toMatchObject({ ok: true })
    await settings.save({ warehouseUrl: 'postgres://reader@wh.example.com:5432/analytics?sslmode=require' })
    expect(await vault.get('warehousePassword')).toBe('s3cret')
    await settings.save({ warehouseUrl: 'postgres://reader@wh.example.com/analytics?host=attacker.example' })
    expect(await vault.get('warehousePassword')).toBeNull()
    expect((await settings.view()).secretsSaved.warehousePassword).toBe(false)

    await settings.save({
      warehouseUrl: 'postgres://reader@wh.example.com/analytics',
      warehousePassword: 'again',
    })
    await settings.save({ warehouseUrl: 'postgres://reader@wh.example.com/other_db' })
    expect(await vault.get('warehousePassword')).toBeNull()
  })

  it('written as ?password= moves to the vault like the userinfo one; the file and the view never hold it', async () => {
    const { settings, vault, dataDir } = service()
    expect(
      await settings.save({
        warehouseUrl: 'postgres://reader@wh.example.com/analytics?password=q%26zx9pw&sslmode=require',
        ...SALESFORCE,
      }),
    ).toMatchObject({ ok: true })
    expect(await vault.get('warehousePassword')).toBe('q&zx9pw')
    expect(settings.current().warehouseUrl).toBe('postgres://reader@wh.example.com/analytics?sslmode=require')
    expect(readFileSync(join(dataDir, 'desktop-settings.json'), 'utf8')).not.toMatch(/zx9pw/)
    expect(JSON.stringify(await settings.view())).not.toMatch(/zx9pw/)
  })
})

describe('a credential target', () => {
  it('is host, port, user and database as the client reads them; query parameters win', () => {
    expect(credentialTargetKey('postgres://reader@WH.example.com/analytics')).toBe(
      'reader@wh.example.com:5432/analytics',
    )
    expect(
      credentialTargetKey('postgres://reader@wh.example.com/analytics?host=evil.example&port=6000'),
    ).toBe('reader@evil.example:6000/analytics')
    expect(credentialTargetKey('postgres://reader@wh.example.com/analytics?user=admin')).toBe(
      'admin@wh.example.com:5432/analytics',
    )
    expect(credentialTargetKey('redshift://reader@cluster.example.com/analytics')).toBe(
      'reader@cluster.example.com:5439/analytics',
    )
    expect(credentialTargetKey('postgres://reader@wh.example.com/analytics?sslmode=require')).toBe(
      credentialTargetKey('postgres://reader:pw@wh.example.com:5432/analytics'),
    )
  })
})
