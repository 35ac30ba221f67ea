import { formatDuration, parseDuration } from '../../../shared/duration.ts'
import { errorMessage } from '../../../shared/errorMessage.ts'
import type { SlackForwarder } from '../../core/channels/slack/slackForwarder.ts'
import { ConfigError } from '../../core/config/configErrors.ts'
import { type CliContext, EXIT } from '../cliContext.ts'

/** `--drain-timeout 30s`: how long `run --once` keeps delivering queued Slack forwards. */
export function drainTimeoutFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const ms = parseDuration(value)
  if (ms === null) throw new ConfigError(`--drain-timeout: "${value}" is not a duration (30s, 2m)`)
  return ms
}

/**
 * `run --once`: delivers what it can of the Slack outbox within the time, then says what is left.
 * Exit 1 when a channel error (bad token, unknown channel…) stopped it: the user has to act; what
 * only ran out of time or is waiting for a retry stays queued for the next run, exit 0.
 */
export async function drainSlackOutbox(
  slack: SlackForwarder | null,
  timeoutMs: number,
  ctx: Pick<CliContext, 'log' | 'stderr'>,
  signal: AbortSignal,
): Promise<number> {
  if (!slack) return EXIT.ok
  let report: Awaited<ReturnType<SlackForwarder['drain']>>
  try {
    report = await slack.drain({ timeoutMs, signal })
  } catch (error) {
    ctx.stderr.write(`moments: cannot forward to Slack: ${errorMessage(error)}\n`)
    return EXIT.failure
  }
  const attempted = report.sent + report.failed + report.retried > 0
  const level = report.failed > 0 ? 'warn' : attempted || report.pending > 0 ? 'info' : 'debug'
  ctx.log[level](
    { sent: report.sent, failed: report.failed || undefined, queued: report.pending },
    report.pending > 0
      ? `Slack: ${report.sent} sent; ${report.pending} left queued for the next run (drain time ${formatDuration(timeoutMs)})`
      : `Slack: ${report.sent} sent`,
  )
  for (const { channel, reason } of report.paused) {
    ctx.stderr.write(`moments: cannot forward to Slack ${channel}: ${reason}\n`)
  }
  return report.paused.length > 0 ? EXIT.failure : EXIT.ok
}
