import { join } from 'node:path'
import pino from 'pino'
import { PRIVATE_FILE_MODE, privateDir, privateFile } from '../../core/store/privateFiles.ts'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/**
 * main.log in the OS's log folder (and stderr when started from a terminal). Never secrets, but
 * account names and problems: the folder is 0700 and the file 0600.
 */
export function mainLog(logsDir: string): (level: LogLevel, message: string) => void {
  privateDir(logsDir)
  const file = join(logsDir, 'main.log')
  privateFile(file)
  const logger = pino(
    { level: process.env.MOMENTS_LOG_LEVEL ?? 'info', base: { process: 'main' } },
    pino.multistream([
      { stream: pino.destination({ dest: file, mode: PRIVATE_FILE_MODE, sync: false }) },
      ...(process.stderr.isTTY ? [{ stream: process.stderr }] : []),
    ]),
  )
  return (level, message) => logger[level](message)
}
