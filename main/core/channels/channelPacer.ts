/**
 * At most one message per `paceMs` to each channel: Slack allows chat.postMessage about one
 * message per second per channel, with short bursts, and answers 429 beyond that. Measured from
 * the start of each request, failed ones included.
 */
export function channelPacer(paceMs: number) {
  const lastStart = new Map<string, number>()
  return {
    /** When the next request to `channel` may start */
    readyAt: (channel: string): number => (lastStart.get(channel) ?? Number.NEGATIVE_INFINITY) + paceMs,
    started: (channel: string, at: number): void => void lastStart.set(channel, at),
  }
}

/**
 * How long a failed forward waits: Slack's Retry-After when it gave one (plus up to a tenth more,
 * so several senders don't come back in step), else exponential from `baseMs` up to `maxMs`,
 * ×0.5–1.5 at random.
 */
export function retryDelay(
  failures: number,
  retryAfterMs: number | undefined,
  options: { baseMs: number; maxMs: number; random: () => number },
): number {
  if (retryAfterMs !== undefined) return Math.round(retryAfterMs * (1 + options.random() * 0.1))
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, failures - 1))
  return Math.round(exponential * (0.5 + options.random()))
}
