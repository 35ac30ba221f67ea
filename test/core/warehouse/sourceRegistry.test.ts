import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeWarehouse } from '../../../main/core/warehouse/probeWarehouse.ts'
import { openEventSource, warehouseUrlProblem } from '../../../main/core/warehouse/sourceRegistry.ts'
import { redactUrl } from '../../../main/core/warehouse/warehouseErrors.ts'

// The client reads a URL's certificate files while it parses the URL, before any timeout runs:
// a FIFO or a device named there would hang the poller or the desktop's worker.

let dir: string
let fifo: string
let pem: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'moments-certs-'))
  fifo = join(dir, 'root.pem')
  execFileSync('mkfifo', [fifo])
  pem = join(dir, 'ok.pem')
  writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('a warehouse URL naming certificate files', () => {
  it('is refused when a file is not a regular file or is too large, naming the parameter', () => {
    for (const scheme of ['postgres', 'redshift']) {
      expect(
        warehouseUrlProblem(`${scheme}://r@127.0.0.1/db?sslmode=verify-full&sslrootcert=${fifo}`),
      ).toMatch(/^sslrootcert=.*root\.pem: cannot read it: it is not a regular file/)
      expect(warehouseUrlProblem(`${scheme}://r@127.0.0.1/db?sslrootcert=/dev/zero`)).toMatch(
        /not a regular file/,
      )
    }
    expect(warehouseUrlProblem(`postgres://r@127.0.0.1/db?sslcert=${fifo}`)).toMatch(/^sslcert=/)
    expect(warehouseUrlProblem(`postgres://r@127.0.0.1/db?sslkey=${join(dir, 'missing.key')}`)).toMatch(
      /^sslkey=.*no such file/,
    )
    const big = join(dir, 'big.pem')
    writeFileSync(big, Buffer.alloc(300_000, 65))
    expect(warehouseUrlProblem(`postgres://r@127.0.0.1/db?sslrootcert=${big}`)).toMatch(/larger than/)
    expect(warehouseUrlProblem(`postgres://r@127.0.0.1/db?sslrootcert=${pem}`)).toBeNull()
  })

  it('is not opened, and a connection test answers at once instead of hanging', async () => {
    const url = `postgres://r@127.0.0.1:1/db?sslrootcert=${fifo}`
    expect(() => openEventSource({ url, query: 'select 1', statementTimeoutMs: 1_000 })).toThrow(
      /warehouse\.url sslrootcert=/,
    )
    const probe = await probeWarehouse(url, 'select 1', 1_000)
    expect(probe.ok).toBe(false)
    expect(probe.detail).toMatch(/not a regular file/)
  })
})

describe('a warehouse URL in messages and logs', () => {
  it('shows neither the userinfo password nor a ?password= or ?sslpassword= parameter', () => {
    const shown = redactUrl(
      'postgres://reader:secret1@wh.example.com/db?password=secret2&sslpassword=secret3&sslmode=require',
    )
    expect(shown).not.toMatch(/secret/)
    expect(shown).toBe('postgres://reader@wh.example.com/db?sslmode=require')
  })
})
