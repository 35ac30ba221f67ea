import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import pino from 'pino'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** main.log in the OS's log folder (and stderr when started from a terminal). Never secrets. */
export function mainLog(logsDir: string): (level: LogLevel, message: string) => void {
  mkdirSync(logsDir, { recursive: true })
  const logger = pino(
    { level: process.env.MOMENTS_LOG_LEVEL ?? 'info', base: { process: 'main' } },
    pino.multistream([
      { stream: pino.destination({ dest: join(logsDir, 'main.log'), mkdir: true, sync: false }) },
      ...(process.stderr.isTTY ? [{ stream: process.stderr }] : []),
    ]),
  )
  return (level, message) => logger[level](message)
}
