import { errorMessage } from '../../../shared/errorMessage.ts'
import { describeChannel } from '../../core/channels/outboxSender.ts'
import { type LoadConfigOptions, loadConfig } from '../../core/config/loadConfig.ts'
import type { BatchOutcome } from '../../core/pipeline/batchOutcome.ts'
import type { PollReport } from '../../core/pipeline/poller.ts'
import { runLoop } from '../../core/pipeline/runLoop.ts'
import type { StoredMoment } from '../../core/store/moments.ts'
import { startDemoWarehouse, usesDemo } from '../../core/wiring/demoStart.ts'
import type { Core } from '../../core/wiring/openCore.ts'
import { type CliContext, EXIT } from '../cliContext.ts'
import { failureExit } from '../failureExit.ts'
import { catchUpProgress } from '../output/catchUpProgress.ts'
import { jsonLine } from '../output/jsonLine.ts'
import { momentLine } from '../output/momentLine.ts'
import { boundPipelineHeap } from '../pipelineHeap.ts'
import { drainOutbox, drainTimeoutFlag } from './outboxDrain.ts'

export interface RunFlags {
  config?: string
  once?: boolean
  json?: boolean
  demo?: boolean
  /** `run --once`: how long to keep delivering queued forwards (default: the channels' drainTimeout) */
  drainTimeout?: string
}

/** `moments run`: poll and notify on the terminal (and the configured channels), once or until stopped. */
export async function runCommand(flags: RunFlags, ctx: CliContext, stop: AbortSignal): Promise<number> {
  boundPipelineHeap()
  let core: Core
  let drainTimeoutMs: number
  try {
    const drainFlag = drainTimeoutFlag(flags.drainTimeout)
    const config = loadConfig({
      configFlag: flags.config,
      demo: flags.demo,
      env: ctx.env,
    } satisfies LoadConfigOptions)
    // The demo's warehouse starts opening first (its WebAssembly compiles in the background) and
    // the core loads meanwhile.
    const demo = usesDemo(config)
      ? startDemoWarehouse(config, {
          now: new Date(),
          // Made on first use: pino loads after the demo has started, not before.
          log: {
            info: (fields, message) => ctx.log.info(fields, message),
            warn: (fields, message) => ctx.log.warn(fields, message),
          },
        })
      : undefined
    const { log } = ctx
    if (config.origin.kind === 'demo') {
      log.info(
        config.origin.reason === 'no-config'
          ? 'no moments.yaml found: running the demo (synthetic events, a built-in owner). See README.md to connect your warehouse.'
          : 'running the demo (synthetic events, a built-in owner)',
      )
    }
    const { openCore } = await import('../../core/wiring/openCore.ts')
    core = await openCore(config, { log, demo })
    drainTimeoutMs = drainFlag ?? core.forwarding?.drainTimeoutMs ?? 0
  } catch (error) {
    return failureExit(error, ctx, 'cannot start')
  }
  const { log } = ctx

  const progress = catchUpProgress(ctx.interactive && !flags.json)
  const { threads } = core.store
  const json = (moment: StoredMoment) =>
    jsonLine(moment, [], moment.threadSeq === null ? null : threads.idOf(moment.threadSeq))
  const listener = {
    onBatch(batch: BatchOutcome, at: Parameters<typeof progress.update>[0]) {
      progress.update(at)
      for (const moment of batch.moments) {
        if (flags.json) ctx.stdout.write(`${json(moment)}\n`)
        else if (moment.status === 'delivered')
          ctx.stdout.write(`${momentLine(moment, { color: ctx.color })}\n`)
      }
    },
    // Moments of accounts newly yours, from before they were: one line per poll, not a flood.
    onHandover(batch: BatchOutcome, at: Parameters<typeof progress.update>[0]) {
      progress.update(at)
      if (flags.json) for (const moment of batch.moments) ctx.stdout.write(`${json(moment)}\n`)
    },
  }
  const summarise = (report: PollReport) => {
    progress.stop()
    if (report.handover && !flags.json) {
      const { accounts, moments } = report.handover
      ctx.stdout.write(
        `${accounts} ${accounts === 1 ? 'account' : 'accounts'} newly yours: ${moments} earlier ${moments === 1 ? 'moment' : 'moments'} recorded (moments history)\n`,
      )
    }
    // Every poll re-reads its lookback: only a poll that found something new is worth a line.
    const skipped = Object.values(report.skipped).reduce((a, b) => a + b, 0)
    const news = report.matches + skipped + report.duplicates + report.ruleErrors
    const level = news > 0 ? 'info' : 'debug'
    log[level](
      {
        rows: report.rows,
        delivered: report.delivered,
        snoozed: report.snoozed,
        suppressed: report.suppressed,
        skipped: report.skipped,
        ruleErrors: report.ruleErrors || undefined,
        ms: report.durationMs,
      },
      'polled',
    )
  }

  try {
    if (flags.once) {
      let code: number = EXIT.ok
      try {
        summarise(await core.poller.poll(listener))
      } catch (error) {
        progress.stop()
        code = failureExit(error, ctx, `cannot poll ${core.warehouseLabel}`)
      }
      // Even after a failed poll, what earlier runs queued goes out.
      const forwardCode = await drainOutbox(core.forwarding, drainTimeoutMs, ctx, stop)
      // As in the loop, only after a poll that worked: a failed one may be the state file's own failure.
      if (code === EXIT.ok) {
        await core.retention
          .afterPoll()
          .catch((error) => log.error(`retention failed: ${errorMessage(error)}`))
      }
      return code !== EXIT.ok ? code : forwardCode
    }
    log.info({ every: `${core.pollIntervalMs / 1000}s` }, `polling ${core.warehouseLabel}`)
    for (const channel of core.channels) log.info(`forwarding to ${describeChannel(channel)}`)
    const sending = core.forwarding?.run(stop)
    const loop = runLoop({
      poller: core.poller,
      pollIntervalMs: core.pollIntervalMs,
      log,
      listener,
      onReport: summarise,
      afterPoll: async () => {
        core.forwarding?.afterPoll()
        await core.retention.afterPoll()
      },
      onFailure(error, retryInMs, failures) {
        progress.stop()
        const reason = errorMessage(error)
        log.error({ failures }, `poll failed: ${reason}; retrying in ${Math.round(retryInMs / 1000)}s`)
      },
    })
    await new Promise<void>((resolve) => stop.addEventListener('abort', () => resolve(), { once: true }))
    log.info('stopping')
    await loop.stop()
    await sending
    return EXIT.ok
  } finally {
    progress.stop()
    await core.close()
  }
}
