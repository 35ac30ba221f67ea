import pino, { type Logger } from 'pino'

export interface LogLine {
  level: number
  msg: string
  [key: string]: unknown
}

/** A pino logger whose lines a test can read: what a user would see on stderr, as objects. */
export function capturedLog(level = 'debug'): {
  log: Logger
  lines: LogLine[]
  messages(minLevel?: number): string[]
} {
  const lines: LogLine[] = []
  const log = pino(
    { level },
    {
      write(text: string) {
        lines.push(JSON.parse(text) as LogLine)
      },
    },
  )
  return {
    log,
    lines,
    messages: (minLevel = 40) => lines.filter((l) => l.level >= minLevel).map((l) => l.msg),
  }
}
