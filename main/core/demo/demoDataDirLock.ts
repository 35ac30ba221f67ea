import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * PGlite does not lock its data directory: a second process (or a second open in this one)
 * would write the same files and corrupt them. A pid file beside the directory keeps one
 * owner; a file left by a process that died is taken over.
 */
export function lockDemoDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`
  // On a first run nothing of the user data dir may exist yet.
  mkdirSync(dirname(lockFile), { recursive: true })
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx')
      writeFileSync(fd, String(process.pid))
      closeSync(fd)
      return () => rmSync(lockFile, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number(readFileSync(lockFile, 'utf8').trim())
      if (holder && isAlive(holder)) {
        throw new Error(
          `the demo warehouse at ${dataDir} is in use by process ${holder}${holder === process.pid ? ' (this one)' : ''}; close that first`,
        )
      }
      rmSync(lockFile, { force: true })
    }
  }
  throw new Error(`could not lock the demo warehouse at ${dataDir} (${lockFile})`)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, it just is not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
