/**
 * At most one message per `paceMs` to each channel: Slack allows chat.postMessage about one
 * message per second per channel, with short bursts, and answers 429 beyond that. Measured from
 * the start of each request, failed ones included, on a monotonic clock: the wall clock can be
 * set back (a time sync, a user), and a pace kept on it would hold a channel for as long.
 */
export function channelPacer(paceMs: number, monotonic: () => number = () => performance.now()) {
  const lastStart = new Map<string, number>()
  return {
    /** How long until the next request to `channel` may start (0: now) */
    waitMs: (channel: string): number =>
      Math.max(0, (lastStart.get(channel) ?? Number.NEGATIVE_INFINITY) + paceMs - monotonic()),
    started: (channel: string): void => void lastStart.set(channel, monotonic()),
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
