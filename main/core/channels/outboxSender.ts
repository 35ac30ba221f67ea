import type { Logger } from 'pino'
import { formatDuration } from '../../../shared/duration.ts'
import { errorMessage } from '../../../shared/errorMessage.ts'
import type { StoredMoment } from '../store/moments.ts'
import type { OutboxEntry } from '../store/outbox.ts'
import type { Store } from '../store/store.ts'
import { destinationName, type OpenChannel, type SendFailure } from './channel.ts'
import { channelPacer, retryDelay } from './channelPacer.ts'

export interface OutboxSenderOptions {
  store: Store
  /** The destinations this process posts to */
  channels: readonly OpenChannel[]
  /** After a channel error (a bad token, an unknown channel…), the channel is tried again this much later */
  pausedRetryMs?: number
  retryBaseMs?: number
  retryMaxMs?: number
  /** An idle channel looks for new forwards this often, besides `wake()` (another process may queue) */
  idleCheckMs?: number
  clock?: () => number
  random?: () => number
  log: Logger
}

/** A destination stopped by a channel error (bad token, unknown channel…), with the channel's reason. */
export interface PausedDestination {
  destination: string
  /** `Slack #moments` */
  name: string
  reason: string
}

export interface DrainReport {
  sent: number
  /** Given up during this drain */
  failed: number
  /** Failed attempts that will be tried again */
  retried: number
  /** Left queued, every channel */
  pending: number
  paused: PausedDestination[]
}

/** A forward of a destination no longer configured is given up after this long. */
const DEFAULT_MAX_AGE_MS = 86_400_000

/** A lease outlasts the request's timeout by this much. */
const LEASE_MARGIN_MS = 30_000

/** `Slack #moments`, `Microsoft Teams webhook` */
export function describeChannel(channel: Pick<OpenChannel, 'label' | 'destination'>): string {
  return `${channel.label} ${destinationName(channel.destination)}`
}

type Step = { kind: 'progress' } | { kind: 'wait'; until: number } | { kind: 'idle' }

/**
 * Drains the outbox: each destination in order (only its oldest pending forward may go), at most
 * one request per its pace, destinations side by side. Retries honour Retry-After, back off
 * exponentially otherwise; a forward is given up only when older than its max age, or at once
 * when the channel refuses the message itself. Every outcome is written before the next send, so
 * a crash between a send and its mark repeats that one forward at most.
 */
export function outboxSender(options: OutboxSenderOptions) {
  const { store, log } = options
  const channels = new Map(options.channels.map((channel) => [channel.destination, channel]))
  const clock = options.clock ?? Date.now
  const random = options.random ?? Math.random
  const pausedRetryMs = options.pausedRetryMs ?? 300_000
  const idleCheckMs = options.idleCheckMs ?? 15_000
  const backoff = { baseMs: options.retryBaseMs ?? 1_000, maxMs: options.retryMaxMs ?? 300_000, random }
  const pacers = new Map(options.channels.map((c) => [c.destination, channelPacer(c.timing.paceMs)]))
  const pacer = {
    waitMs: (channel: string) => pacers.get(channel)?.waitMs(channel) ?? 0,
    started: (channel: string) => pacers.get(channel)?.started(channel),
  }
  /** A destination no longer configured is given up at the max age of its channel type, if one is. */
  function maxAgeOf(destination: string): number {
    const configured = channels.get(destination)
    if (configured) return configured.timing.maxAgeMs
    const type = destination.slice(0, destination.indexOf(':'))
    const sameType = options.channels.find((channel) => channel.type === type)
    return sameType?.timing.maxAgeMs ?? DEFAULT_MAX_AGE_MS
  }
  const nameOf = (destination: string) => {
    const channel = channels.get(destination)
    return channel ? describeChannel(channel) : destination
  }
  const lastChannelError = new Map<string, string>()
  // Channels whose head this process has tried: a channel paused by an earlier process is tried
  // at once (its token or channel may have been fixed since), then every `pausedRetryMs`.
  const probed = new Set<string>()
  const wakers = new Set<() => void>()
  let tally = { sent: 0, failed: 0, retried: 0 }

  function giveUp(entry: OutboxEntry, now: number): void {
    const configured = channels.has(entry.channel)
    const last = entry.lastError ?? (configured ? 'never attempted' : `${entry.channel} is not configured`)
    const reason = `not delivered within ${formatDuration(maxAgeOf(entry.channel))} (${plural(entry.attempts, 'attempt')}): ${last}`
    store.outbox.markFailed(entry.id, now, reason, { attempted: false })
    tally.failed++
    log.error(
      { moment: entry.momentId, channel: entry.channel },
      `forward to ${nameOf(entry.channel)} given up: ${reason}`,
    )
  }

  /** Forwards of any destination, configured or not, past their max age. */
  function sweepExpired(): void {
    const now = clock()
    const shortest = Math.min(DEFAULT_MAX_AGE_MS, ...options.channels.map((c) => c.timing.maxAgeMs))
    for (const entry of store.outbox.expired(now - shortest)) {
      if (now - entry.createdAt >= maxAgeOf(entry.channel)) giveUp(entry, now)
    }
  }

  async function step(channel: OpenChannel): Promise<Step> {
    const now = clock()
    const key = channel.destination
    const head = store.outbox.head(key)
    if (!head) return { kind: 'idle' }
    if (now - head.createdAt >= channel.timing.maxAgeMs) {
      giveUp(head, now)
      return { kind: 'progress' }
    }
    const probe = head.errorKind === 'channel' && !probed.has(key)
    const due = Math.max(probe ? now : head.nextAttemptAt, now + pacer.waitMs(key))
    if (due > now) return { kind: 'wait', until: due }
    if (!store.outbox.lease(head.id, now, now + channel.timing.timeoutMs + LEASE_MARGIN_MS)) {
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
    probed.add(key)
    const result = await attempt(moment, channel)
    record(head, channel, result, clock())
    return { kind: 'progress' }
  }

  type Attempt = { ok: true; ref: string | null } | { ok: false; failure: SendFailure }

  async function attempt(moment: StoredMoment, channel: OpenChannel): Promise<Attempt> {
    let message: unknown
    try {
      message = await channel.compose(moment)
    } catch (error) {
      pacer.started(channel.destination)
      return { ok: false, failure: { kind: 'retry', reason: errorMessage(error) } }
    }
    // The pace is measured between the starts of the requests themselves, after composing.
    pacer.started(channel.destination)
    try {
      return { ok: true, ref: (await channel.send(message)).ref }
    } catch (error) {
      return { ok: false, failure: channel.classify(error) }
    }
  }

  function record(head: OutboxEntry, channel: OpenChannel, result: Attempt, now: number): void {
    const key = channel.destination
    const name = describeChannel(channel)
    const where = { moment: head.momentId, channel: key }
    if (result.ok) {
      store.outbox.markSent(head.id, now, result.ref)
      tally.sent++
      lastChannelError.delete(key)
      if (head.errorKind === 'channel') log.info(where, `${name} accepts messages again`)
      return
    }
    const failure = result.failure
    if (failure.kind === 'message') {
      store.outbox.markFailed(head.id, now, failure.reason, { attempted: true })
      tally.failed++
      log.error(where, `forward to ${name} failed for good: ${failure.reason}`)
      return
    }
    tally.retried++
    if (failure.kind === 'channel') {
      store.outbox.markRetry(head.id, now + pausedRetryMs, failure.reason, 'channel')
      if (lastChannelError.get(key) !== failure.reason) {
        log.error(
          where,
          `cannot post to ${name}: ${failure.reason}; forwards stay queued (up to ${formatDuration(channel.timing.maxAgeMs)}) and are tried again every ${formatDuration(pausedRetryMs)}`,
        )
      }
      lastChannelError.set(key, failure.reason)
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

  /** Destinations whose oldest forward waits behind a channel error, this process's or an earlier one's. */
  function pausedChannels(): PausedDestination[] {
    return options.channels.flatMap((channel) => {
      const head = store.outbox.head(channel.destination)
      return head?.errorKind === 'channel'
        ? [
            {
              destination: channel.destination,
              name: describeChannel(channel),
              reason: head.lastError ?? 'paused',
            },
          ]
        : []
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
  async function drainChannel(channel: OpenChannel, deadline: number, signal?: AbortSignal) {
    while (!signal?.aborted && clock() < deadline) {
      const next = await step(channel)
      if (next.kind === 'progress') continue
      if (next.kind === 'idle' || next.until > deadline) return
      await pause(next.until - clock(), signal)
    }
  }

  /** One channel until stopped; failures of the state file are logged and waited out. */
  async function serveChannel(channel: OpenChannel, signal: AbortSignal) {
    let sweptAt = clock()
    while (!signal.aborted) {
      try {
        if (clock() - sweptAt > 60_000) {
          sweepExpired()
          sweptAt = clock()
        }
        const next = await step(channel)
        if (next.kind === 'progress') continue
        const wait = next.kind === 'idle' ? idleCheckMs : Math.min(idleCheckMs, next.until - clock())
        await pause(wait, signal)
      } catch (error) {
        log.error(
          { err: error, channel: channel.destination },
          'outbox: cannot read or write the state file; trying again',
        )
        await pause(5_000, signal)
      }
    }
  }

  return {
    /**
     * Delivers what can be delivered before `deadline` (epoch ms), then returns; what is left
     * stays queued. For `run --once`.
     */
    async drain(drainOptions: { deadline: number; signal?: AbortSignal }): Promise<DrainReport> {
      tally = { sent: 0, failed: 0, retried: 0 }
      sweepExpired()
      await Promise.all(
        options.channels.map((channel) => drainChannel(channel, drainOptions.deadline, drainOptions.signal)),
      )
      return { ...tally, pending: store.outbox.counts().pending, paused: pausedChannels() }
    },
    /** Sends continuously until `signal` aborts; a request under way is finished and recorded first. */
    async run(signal: AbortSignal): Promise<void> {
      try {
        sweepExpired()
      } catch (error) {
        log.error({ err: error }, 'outbox: cannot read or write the state file')
      }
      await Promise.all(options.channels.map((channel) => serveChannel(channel, signal)))
    },
    /** New forwards were queued: idle channels look now. */
    wake(): void {
      for (const waker of [...wakers]) waker()
    },
    /** Destinations stopped by a channel error, with the reason. */
    paused: pausedChannels,
  }
}

export type OutboxSender = ReturnType<typeof outboxSender>

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
