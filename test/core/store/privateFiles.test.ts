import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openStore } from '../../../main/core/store/openStore.ts'

// Other accounts on the laptop must not read the state: customer events, owners' e-mails.
const root = mkdtempSync(join(tmpdir(), 'moments-private-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const mode = (path: string) => statSync(path).mode & 0o777

describe('the state file on disk', () => {
  it('is created 0600 in a new 0700 folder, and so are its WAL and shared memory', () => {
    const previous = process.umask(0o022)
    try {
      const path = join(root, 'new', 'data', 'moments.db')
      const db = openStore(path)
      db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)')
      expect(mode(join(root, 'new', 'data'))).toBe(0o700)
      expect(mode(path)).toBe(0o600)
      expect(mode(`${path}-wal`)).toBe(0o600)
      expect(mode(`${path}-shm`)).toBe(0o600)
      db.close()
    } finally {
      process.umask(previous)
    }
  })

  it('written 0644 by an older version, is narrowed to 0600 when opened, WAL included', () => {
    const dir = join(root, 'old')
    mkdirSync(dir, { mode: 0o755 })
    chmodSync(dir, 0o755)
    const path = join(dir, 'moments.db')
    openStore(path).close()
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      writeFileSync(file, '', { flag: 'a' })
      chmodSync(file, 0o644)
    }
    const db = openStore(path)
    expect([mode(path), mode(`${path}-wal`), mode(`${path}-shm`)]).toEqual([0o600, 0o600, 0o600])
    // The folder of a `state:` path is the user's: left as it was.
    expect(mode(dir)).toBe(0o755)
    db.close()
  })
})
