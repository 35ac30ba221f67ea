import { createRequire } from 'node:module'
import type { Logger } from 'pino'
import type pinoPretty from 'pino-pretty'

// Logs go to stderr, so stdout stays clean for `--json` lines. Readable by default;
// MOMENTS_LOG_FORMAT=json gives pino's JSON for log collectors.

// pino and its pretty printer are required when a logger is made, not when the CLI starts:
// `moments history` never logs, and they cost it a tenth of its start-up.
const require = createRequire(import.meta.url)

const REDACT = [
  '*.accessToken',
  '*.botToken',
  '*.webhookUrl',
  '*.password',
  '*.token',
  'accessToken',
  'token',
]

export function cliLogger(
  options: { verbose?: boolean; quiet?: boolean; env?: NodeJS.ProcessEnv } = {},
): Logger {
  const env = options.env ?? process.env
  const pino = require('pino') as typeof import('pino').default
  const level = env.MOMENTS_LOG_LEVEL ?? (options.verbose ? 'debug' : options.quiet ? 'warn' : 'info')
  if (env.MOMENTS_LOG_FORMAT === 'json') {
    return pino({ level, redact: REDACT }, pino.destination({ dest: 2, sync: true }))
  }
  const pretty = require('pino-pretty') as typeof pinoPretty
  const stream = pretty({
    destination: 2,
    sync: true,
    colorize: process.stderr.isTTY === true,
    ignore: 'pid,hostname',
    translateTime: 'SYS:HH:MM:ss',
    singleLine: true,
  })
  return pino({ level, redact: REDACT }, stream)
}
