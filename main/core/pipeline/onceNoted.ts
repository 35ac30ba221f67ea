import type { Logger } from 'pino'

/** Logs a kind of problem the first time this process meets it; the counters keep the totals. */
export function onceNoted(log: Logger) {
  const noted = new Set<string>()
  return (kind: string, message: string, details: Record<string, unknown> = {}): void => {
    if (noted.has(kind)) return
    noted.add(kind)
    log.warn(details, `${message} (further ones are counted, not logged: see "moments doctor")`)
  }
}
