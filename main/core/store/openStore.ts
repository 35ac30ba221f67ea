import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { errorMessage } from '../../../shared/errorMessage.ts'
import { USUAL_WAL_BYTES } from './catchUpCheckpoints.ts'
import { MIGRATIONS } from './migrations.ts'
import { folderFor, narrowIfPresent, privateFile } from './privateFiles.ts'

export type Db = Database.Database

class StoreError extends Error {
  override name = 'StoreError'
}

/**
 * Opens (or creates) the state file: WAL so readers (history window, CLI history) never block
 * the poller, and a crash keeps every committed transaction. `synchronous = NORMAL` in WAL mode
 * survives a killed process; only a power loss may roll back the last commits, which the
 * cursor rolls back with, so the rows are simply read again.
 *
 * The file is made 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database
 * file's permissions.
 */
export function openStore(path: string, options: { readonly?: boolean } = {}): Db {
  let db: Db
  try {
    if (path !== ':memory:' && !options.readonly) {
      folderFor(dirname(path))
      privateFile(path)
      narrowIfPresent(`${path}-wal`)
      narrowIfPresent(`${path}-shm`)
    }
    db = connect(path, options.readonly ?? false)
    if (!options.readonly) migrate(db)
    else if (schemaOf(db) < MIGRATIONS.length) {
      // A state file an older Moments wrote: brought up to date once, then read as asked.
      db.close()
      const writer = connect(path, false)
      try {
        migrate(writer)
      } finally {
        writer.close()
      }
      db = connect(path, true)
    }
  } catch (error) {
    throw new StoreError(describeOpenFailure(path, error))
  }
  return db
}

function connect(path: string, readonly: boolean): Db {
  const db = new Database(path, { readonly, fileMustExist: readonly, timeout: 5_000 })
  // The journal mode is the writer's to set (a reader can't switch it); it sticks to the file.
  if (!readonly) {
    // A new file gives the pages that retention frees back to the file system (retention.ts);
    // SQLite takes this only before the first table exists.
    if (db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() === 0) {
      db.pragma('auto_vacuum = INCREMENTAL')
    }
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    // A catch-up lets the WAL grow to ~160 MB between checkpoints (catchUpCheckpoints.ts); SQLite
    // keeps a WAL file at its largest size unless told, so it goes back to 4 MB once checkpointed.
    db.pragma(`journal_size_limit = ${USUAL_WAL_BYTES}`)
  }
  db.pragma('foreign_keys = ON')
  return db
}

function schemaOf(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number
}

function migrate(db: Db): void {
  const current = schemaOf(db)
  if (current > MIGRATIONS.length) {
    throw new Error(
      `it was written by a newer Moments (schema ${current}, this one knows ${MIGRATIONS.length})`,
    )
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string)
      db.pragma(`user_version = ${version + 1}`)
    })()
  }
}

function describeOpenFailure(path: string, error: unknown): string {
  const code = (error as { code?: string }).code
  const reason = errorMessage(error)
  if (code === 'SQLITE_CANTOPEN') return `cannot open state file ${path}: ${reason}`
  return describeStoreFailure(path, error) ?? `state file ${path}: ${reason}`
}

/**
 * A failure of the state file said as one (which file, what to do), rather than SQLite's bare
 * "database or disk is full" under a "cannot poll the warehouse". Null for other errors.
 */
function describeStoreFailure(path: string, error: unknown): string | null {
  const code = (error as { code?: unknown }).code
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null
  const reason = errorMessage(error)
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return `state file ${path} is damaged (${reason}); move it aside to start afresh — history will be rebuilt from the warehouse lookback only`
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return `state file ${path} is locked by another process (is another "moments run" or the desktop app using it?)`
  }
  if (code === 'SQLITE_FULL') {
    return `state file ${path}: the disk is full (${reason}); free some space — nothing is lost, the same rows are read again`
  }
  if (code.startsWith('SQLITE_IOERR'))
    return `state file ${path}: cannot write to it (${reason}); check the disk`
  if (code.startsWith('SQLITE_READONLY')) return `state file ${path} cannot be written (${reason})`
  return null
}

/** `error` as a StoreError naming the state file when SQLite raised it; anything else as it is. */
export function storeFailure(path: string, error: unknown): unknown {
  if (error instanceof StoreError) return error
  const message = describeStoreFailure(path, error)
  return message === null ? error : new StoreError(message, { cause: error })
}
