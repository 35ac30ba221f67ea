// The main process's end of the pipeline worker: starts it, forwards invokes and waits for their
// results, answers its requests, and restarts it (with backoff) if it dies. Every message from
// the worker is parsed with the protocol's schema before it is acted on.

import type { LatestMoment, NoticeMoment } from '../../../shared/notice.ts'
import type { DesktopPrefs } from '../../../shared/settings/desktopSettings.ts'
import { pendingReplies } from '../worker/pendingReplies.ts'
import {
  type FromWorker,
  fromWorkerSchema,
  parseMessage,
  type ToWorker,
  type WorkerRequest,
} from '../worker/protocol.ts'
import type { WorkerSync } from '../worker/syncState.ts'

/** A running worker process: Electron's UtilityProcess, or a forked Node child in tests. */
export interface WorkerProcessPort {
  post(message: ToWorker): void
  onMessage(listener: (raw: unknown) => void): void
  onExit(listener: (code: number | null) => void): void
  kill(): void
}

export interface PipelineHostEvents {
  ready(info: { demo: boolean; warehouse: string }): void
  status(sync: WorkerSync, latest: LatestMoment[]): void
  delivered(moments: NoticeMoment[], total: number, digest?: boolean): void
  prefs(prefs: DesktopPrefs): void
  problem(message: string): void
}

export class WorkerGoneError extends Error {
  override name = 'WorkerGoneError'
}

export function pipelineHost(options: {
  spawn: () => WorkerProcessPort
  /** The start message, built afresh for each (re)start: the vault is read again */
  startMessage: () => Extract<ToWorker, { type: 'start' }>
  serve: (request: WorkerRequest) => Promise<unknown>
  events: PipelineHostEvents
  log: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void
  /** Delays between restarts after a crash */
  restartDelayMs?: (crashes: number) => number
}) {
  const { events, log } = options
  let worker: WorkerProcessPort | null = null
  const replies = pendingReplies()
  let stopping = false
  let crashes = 0
  let onStopped: (() => void) | null = null
  let restartTimer: NodeJS.Timeout | null = null
  const delay = options.restartDelayMs ?? ((n: number) => Math.min(60_000, 1_000 * 2 ** Math.min(n - 1, 6)))

  function launch(): void {
    const child = options.spawn()
    worker = child
    child.onMessage((raw) => {
      const message = parseMessage(fromWorkerSchema, raw, (reason) =>
        log('warn', `dropped a worker message: ${reason}`),
      )
      if (message) receive(message)
    })
    child.onExit((code) => {
      if (worker === child) worker = null
      replies.rejectAll(new WorkerGoneError('the pipeline worker stopped'))
      if (stopping) {
        onStopped?.()
        return
      }
      crashes++
      const wait = delay(crashes)
      log('error', `pipeline worker exited (code ${code}); restarting in ${Math.round(wait / 1000)}s`)
      events.problem('The pipeline stopped unexpectedly; restarting it')
      restartTimer = setTimeout(launch, wait)
    })
    child.post(options.startMessage())
  }

  function receive(message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        crashes = 0
        events.ready({ demo: message.demo, warehouse: message.warehouse })
        return
      case 'status':
        events.status({ state: message.state, setupProblem: message.setupProblem }, message.latest)
        return
      case 'delivered':
        events.delivered(message.moments, message.total, message.digest)
        return
      case 'prefs':
        events.prefs(message.prefs)
        return
      case 'result':
        replies.settle(message)
        return
      case 'request':
        options.serve(message.request).then(
          (value) => worker?.post({ type: 'answer', id: message.id, value }),
          (error: Error) => worker?.post({ type: 'answer', id: message.id, error: error.message }),
        )
        return
      case 'log':
        log(message.level, message.message)
        return
      case 'fatal':
        log('error', `pipeline worker cannot start: ${message.message}`)
        events.problem(message.message)
        return
      case 'stopped':
        return
    }
  }

  function send(message: ToWorker): boolean {
    if (!worker) return false
    worker.post(message)
    return true
  }

  return {
    start: launch,
    /** An IPC call from a window, already checked by main; answered by the worker's handlers. */
    invoke(channel: string, request: unknown): Promise<unknown> {
      return replies.ask(
        (id) => send({ type: 'invoke', id, channel, request }),
        () => new WorkerGoneError('Moments is restarting its pipeline: try again in a moment'),
      )
    },
    poll(reason: Extract<ToWorker, { type: 'poll' }>['reason']): void {
      send({ type: 'poll', reason })
    },
    presence(presence: Extract<ToWorker, { type: 'presence' }>['presence']): void {
      send({ type: 'presence', presence })
    },
    /** Asks the worker to stop (it closes the core, so SQLite is left clean), then kills it. */
    stop(timeoutMs = 5_000): Promise<void> {
      stopping = true
      if (restartTimer) clearTimeout(restartTimer)
      const child = worker
      if (!child) return Promise.resolve()
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          log('warn', 'pipeline worker did not stop in time; killing it')
          child.kill()
          resolve()
        }, timeoutMs)
        onStopped = () => {
          clearTimeout(timer)
          resolve()
        }
        child.post({ type: 'stop' })
      })
    },
  }
}

export type PipelineHost = ReturnType<typeof pipelineHost>
