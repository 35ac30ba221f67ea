import type { Logger } from 'pino'

/** What a command needs from the process, passed in so commands stay testable. */
export interface CliContext {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  env: NodeJS.ProcessEnv
  log: Logger
  /** stdout is a terminal: colours, human output */
  color: boolean
  /** stderr is a terminal: progress bar */
  interactive: boolean
}

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const
