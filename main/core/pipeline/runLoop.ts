import type { Logger } from 'pino'
import { nextPollDelay } from './backoff.ts'
import type { Poller, PollListener, PollReport } from './poller.ts'

export interface RunLoopOptions {
  poller: Poller
  pollIntervalMs: number
  log: Logger
  listener?: PollListener
  onReport?: (report: PollReport) => void
  onFailure?: (error: unknown, retryInMs: number, failures: number) => void
  /** Work to do after each poll, e.g. draining the Slack outbox */
  afterPoll?: () => Promise<void>
  random?: () => number
}

/** Polls until stopped; failures back off and are reported, never fatal. `wake()` polls at once. */
export function runLoop(options: RunLoopOptions) {
  const { poller, log } = options
  let stopped = false
  let wakeUp: (() => void) | null = null
  let failures = 0

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        wakeUp = null
        resolve()
      }
      wakeUp = done
    })
  }

  const finished = (async () => {
    while (!stopped) {
      try {
        const report = await poller.poll(options.listener)
        if (failures > 0) log.info({ failures }, 'warehouse polling works again')
        failures = 0
        options.onReport?.(report)
      } catch (error) {
        failures++
        const delay = nextPollDelay(options.pollIntervalMs, failures, options.random)
        options.onFailure?.(error, delay, failures)
        if (!stopped) await sleep(delay)
        continue
      }
      await options.afterPoll?.().catch((error) => log.error({ err: error }, 'after-poll work failed'))
      if (!stopped) await sleep(options.pollIntervalMs)
    }
  })()

  return {
    /** Poll now instead of waiting for the interval (Sync now, resume from sleep). */
    wake(): void {
      wakeUp?.()
    },
    async stop(): Promise<void> {
      stopped = true
      wakeUp?.()
      await finished
      await poller.close()
    },
    finished,
  }
}
