import pino, { type Logger } from 'pino'
import pretty from 'pino-pretty'

// Logs go to stderr, so stdout stays clean for `--json` lines. Readable by default;
// MOMENTS_LOG_FORMAT=json gives pino's JSON for log collectors.

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
  const level = env.MOMENTS_LOG_LEVEL ?? (options.verbose ? 'debug' : options.quiet ? 'warn' : 'info')
  if (env.MOMENTS_LOG_FORMAT === 'json') {
    return pino({ level, redact: REDACT }, pino.destination({ dest: 2, sync: true }))
  }
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
