import type { Logger } from 'pino'
import { formatDuration } from '../../../shared/duration.ts'
import { errorMessage } from '../../../shared/errorMessage.ts'
import type { StoredMoment } from '../store/moments.ts'
import type { OutboxEntry } from '../store/outbox.ts'
import type { Store } from '../store/store.ts'
import { channelPacer, retryDelay } from './channelPacer.ts'
import type { SendFailure } from './slack/slackFailure.ts'
import type { SlackMessage } from './slack/slackMessage.ts'
import type { SendResult, SlackTransport } from './slack/slackTransport.ts'

export interface OutboxSenderOptions {
  store: Store
  /** The channels this process posts to, each with its transport */
  channels: ReadonlyMap<string, SlackTransport>
  /** The message for a moment, built when it goes (so mentions are looked up then, not at poll time) */
  compose: (moment: StoredMoment, channel: string) => Promise<SlackMessage>
  /** A forward not delivered this long after it was queued is given up (failed) */
  maxAgeMs: number
  /** Least time between the starts of two requests to one channel */
  paceMs: number
  /** A forward being sent is left alone by other senders this long: more than a request can take */
  leaseMs: number
  /** After a channel error (invalid_auth, channel_not_found…), the channel is tried again this much later */
  pausedRetryMs?: number
  retryBaseMs?: number
  retryMaxMs?: number
  /** An idle channel looks for new forwards this often, besides `wake()` (another process may queue) */
  idleCheckMs?: number
  clock?: () => number
  random?: () => number
  log: Logger
}

export interface DrainReport {
  sent: number
  /** Given up during this drain */
  failed: number
  /** Failed attempts that will be tried again */
  retried: number
  /** Left queued, every channel */
  pending: number
  /** Channels stopped by a channel error (bad token, unknown channel…), with Slack's reason */
  paused: Array<{ channel: string; reason: string }>
}

type Step = { kind: 'progress' } | { kind: 'wait'; until: number } | { kind: 'idle' }

/**
 * Drains the outbox: each channel in order (only its oldest pending forward may go), at most one
 * request per `paceMs` per channel, channels side by side. Retries honour Retry-After, back off
 * exponentially otherwise; a forward is given up only when older than `maxAgeMs`, or at once when
 * Slack refuses the message itself. Every outcome is written before the next send, so a crash
 * between a send and its mark repeats that one forward at most.
 */
export function outboxSender(options: OutboxSenderOptions) {
  const { store, log, channels } = options
  const clock = options.clock ?? Date.now
  const random = options.random ?? Math.random
  const pausedRetryMs = options.pausedRetryMs ?? 300_000
  const idleCheckMs = options.idleCheckMs ?? 15_000
  const backoff = { baseMs: options.retryBaseMs ?? 1_000, maxMs: options.retryMaxMs ?? 300_000, random }
  const pacer = channelPacer(options.paceMs)
  const lastChannelError = new Map<string, string>()
  // Channels whose head this process has tried: a channel paused by an earlier process is tried
  // at once (its token or channel may have been fixed since), then every `pausedRetryMs`.
  const probed = new Set<string>()
  const wakers = new Set<() => void>()
  let tally = { sent: 0, failed: 0, retried: 0 }

  function giveUp(entry: OutboxEntry, now: number): void {
    const configured = channels.has(entry.channel)
    const last =
      entry.lastError ?? (configured ? 'never attempted' : `channel ${entry.channel} is not configured`)
    const reason = `not delivered within ${formatDuration(options.maxAgeMs)} (${plural(entry.attempts, 'attempt')}): ${last}`
    store.outbox.markFailed(entry.id, now, reason, { attempted: false })
    tally.failed++
    log.error({ moment: entry.momentId, channel: entry.channel }, `Slack forward given up: ${reason}`)
  }

  /** Forwards of any channel, configured or not, past their max age. */
  function sweepExpired(): void {
    const now = clock()
    for (const entry of store.outbox.expired(now - options.maxAgeMs)) giveUp(entry, now)
  }

  async function step(channel: string, transport: SlackTransport): Promise<Step> {
    const now = clock()
    const head = store.outbox.head(channel)
    if (!head) return { kind: 'idle' }
    if (now - head.createdAt >= options.maxAgeMs) {
      giveUp(head, now)
      return { kind: 'progress' }
    }
    const probe = head.errorKind === 'channel' && !probed.has(channel)
    const due = Math.max(probe ? now : head.nextAttemptAt, pacer.readyAt(channel))
    if (due > now) return { kind: 'wait', until: due }
    if (!store.outbox.lease(head.id, now, now + options.leaseMs)) {
      return { kind: 'wait', until: now + 1_000 } // another sender has it
    }
    const moment = store.moments.get(head.momentId)
    if (!moment) {
      store.outbox.markFailed(head.id, now, 'the moment is no longer in the state file', {
        attempted: false,
        kind: 'message',
      })
      tally.failed++
      return { kind: 'progress' }
    }
    probed.add(channel)
    const result = await attempt(moment, channel, transport)
    record(head, channel, result, clock())
    return { kind: 'progress' }
  }

  async function attempt(
    moment: StoredMoment,
    channel: string,
    transport: SlackTransport,
  ): Promise<SendResult> {
    try {
      const message = await options.compose(moment, channel)
      // The pace is measured between the starts of the requests themselves, after composing.
      pacer.started(channel, clock())
      return await transport.send(message)
    } catch (error) {
      pacer.started(channel, clock())
      return {
        ok: false,
        failure: { kind: 'retry', reason: errorMessage(error) },
      }
    }
  }

  function record(head: OutboxEntry, channel: string, result: SendResult, now: number): void {
    const where = { moment: head.momentId, channel }
    if (result.ok) {
      store.outbox.markSent(head.id, now, result.ts)
      tally.sent++
      lastChannelError.delete(channel)
      if (head.errorKind === 'channel') log.info(where, `Slack ${channel} accepts messages again`)
      return
    }
    const failure: SendFailure = result.failure
    if (failure.kind === 'message') {
      store.outbox.markFailed(head.id, now, failure.reason, { attempted: true })
      tally.failed++
      log.error(where, `Slack forward failed for good: ${failure.reason}`)
      return
    }
    tally.retried++
    if (failure.kind === 'channel') {
      store.outbox.markRetry(head.id, now + pausedRetryMs, failure.reason, 'channel')
      if (lastChannelError.get(channel) !== failure.reason) {
        log.error(
          where,
          `cannot post to Slack ${channel}: ${failure.reason}; forwards stay queued (up to ${formatDuration(options.maxAgeMs)}) and are tried again every ${formatDuration(pausedRetryMs)}`,
        )
      }
      lastChannelError.set(channel, failure.reason)
      return
    }
    const delay = retryDelay(head.attempts + 1, failure.retryAfterMs, backoff)
    store.outbox.markRetry(head.id, now + delay, failure.reason, 'retry')
    const level = head.attempts === 0 ? 'warn' : 'debug'
    log[level](
      { ...where, attempts: head.attempts + 1 },
      `${failure.reason}; trying again in ${formatDuration(Math.max(delay, 1))}`,
    )
  }

  /** Channels whose oldest forward waits behind a channel error, this process's or an earlier one's. */
  function pausedChannels(): Array<{ channel: string; reason: string }> {
    return [...channels.keys()].flatMap((channel) => {
      const head = store.outbox.head(channel)
      return head?.errorKind === 'channel' ? [{ channel, reason: head.lastError ?? 'paused' }] : []
    })
  }

  /** Waits `ms`, or less when woken or stopped. */
  function pause(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve()
      const done = () => {
        clearTimeout(timer)
        wakers.delete(done)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, Math.max(0, ms))
      wakers.add(done)
      signal?.addEventListener('abort', done, { once: true })
    })
  }

  /** One channel until it is empty, stopped, or waits past `deadline`. */
  async function drainChannel(
    channel: string,
    transport: SlackTransport,
    deadline: number,
    signal?: AbortSignal,
  ) {
    while (!signal?.aborted && clock() < deadline) {
      const next = await step(channel, transport)
      if (next.kind === 'progress') continue
      if (next.kind === 'idle' || next.until > deadline) return
      await pause(next.until - clock(), signal)
    }
  }

  /** One channel until stopped; failures of the state file are logged and waited out. */
  async function serveChannel(channel: string, transport: SlackTransport, signal: AbortSignal) {
    let sweptAt = clock()
    while (!signal.aborted) {
      try {
        if (clock() - sweptAt > 60_000) {
          sweepExpired()
          sweptAt = clock()
        }
        const next = await step(channel, transport)
        if (next.kind === 'progress') continue
        const wait = next.kind === 'idle' ? idleCheckMs : Math.min(idleCheckMs, next.until - clock())
        await pause(wait, signal)
      } catch (error) {
        log.error({ err: error, channel }, 'Slack outbox: cannot read or write the state file; trying again')
        await pause(5_000, signal)
      }
    }
  }

  return {
    /**
     * Delivers what can be delivered before `deadline` (epoch ms), then returns; what is left
     * stays queued. For `run --once`.
     */
    async drain(options: { deadline: number; signal?: AbortSignal }): Promise<DrainReport> {
      tally = { sent: 0, failed: 0, retried: 0 }
      sweepExpired()
      await Promise.all(
        [...channels].map(([channel, transport]) =>
          drainChannel(channel, transport, options.deadline, options.signal),
        ),
      )
      return { ...tally, pending: store.outbox.counts().pending, paused: pausedChannels() }
    },
    /** Sends continuously until `signal` aborts; a request under way is finished and recorded first. */
    async run(signal: AbortSignal): Promise<void> {
      try {
        sweepExpired()
      } catch (error) {
        log.error({ err: error }, 'Slack outbox: cannot read or write the state file')
      }
      await Promise.all([...channels].map(([channel, transport]) => serveChannel(channel, transport, signal)))
    },
    /** New forwards were queued: idle channels look now. */
    wake(): void {
      for (const waker of [...wakers]) waker()
    },
    /** Channels stopped by a channel error, with the reason. */
    paused: pausedChannels,
  }
}

export type OutboxSender = ReturnType<typeof outboxSender>

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
