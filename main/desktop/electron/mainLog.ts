import { openSync } from 'node:fs'
import { join } from 'node:path'
import pino from 'pino'
import { privateDir, privateFile } from '../../core/store/privateFiles.ts'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/**
 * main.log in the OS's log folder (and stderr when started from a terminal). Never secrets, but
 * account names and problems: the folder is 0700 and the file 0600.
 */
export function mainLog(logsDir: string): (level: LogLevel, message: string) => void {
  privateDir(logsDir)
  const file = join(logsDir, 'main.log')
  privateFile(file)
  // Opened here, not by pino in the background: a log whose folder goes away before a lazy open
  // finishes would fail later, unhandled, far from its cause.
  const fd = openSync(file, 'a')
  const logger = pino(
    { level: process.env.MOMENTS_LOG_LEVEL ?? 'info', base: { process: 'main' } },
    pino.multistream([
      { stream: pino.destination({ dest: fd, sync: false }) },
      ...(process.stderr.isTTY ? [{ stream: process.stderr }] : []),
    ]),
  )
  return (level, message) => logger[level](message)
}
