import { formatDuration, parseDuration } from '../../../shared/duration.ts'
import { errorMessage } from '../../../shared/errorMessage.ts'
import type { ChannelForwarding } from '../../core/channels/forwarding.ts'
import { ConfigError } from '../../core/config/configErrors.ts'
import { type CliContext, EXIT } from '../cliContext.ts'

/** `--drain-timeout 30s`: how long `run --once` keeps delivering queued forwards. */
export function drainTimeoutFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const ms = parseDuration(value)
  if (ms === null) throw new ConfigError(`--drain-timeout: "${value}" is not a duration (30s, 2m)`)
  return ms
}

/**
 * `run --once`: delivers what it can of the outbox within the time, then says what is left.
 * Exit 1 when a channel error (bad token, unknown channel…) stopped a destination: the user has
 * to act; what only ran out of time or is waiting for a retry stays queued for the next run, exit 0.
 */
export async function drainOutbox(
  forwarding: ChannelForwarding | null,
  timeoutMs: number,
  ctx: Pick<CliContext, 'log' | 'stderr'>,
  signal: AbortSignal,
): Promise<number> {
  if (!forwarding) return EXIT.ok
  let report: Awaited<ReturnType<ChannelForwarding['drain']>>
  try {
    report = await forwarding.drain({ timeoutMs, signal })
  } catch (error) {
    ctx.stderr.write(`moments: cannot forward: ${errorMessage(error)}\n`)
    return EXIT.failure
  }
  const attempted = report.sent + report.failed + report.retried > 0
  const level = report.failed > 0 ? 'warn' : attempted || report.pending > 0 ? 'info' : 'debug'
  const labels = [...new Set(forwarding.channels.map((channel) => channel.label))].join(', ')
  ctx.log[level](
    { sent: report.sent, failed: report.failed || undefined, queued: report.pending },
    report.pending > 0
      ? `${labels}: ${report.sent} sent; ${report.pending} left queued for the next run (drain time ${formatDuration(timeoutMs)})`
      : `${labels}: ${report.sent} sent`,
  )
  for (const { name, reason } of report.paused) {
    ctx.stderr.write(`moments: cannot forward to ${name}: ${reason}\n`)
  }
  return report.paused.length > 0 ? EXIT.failure : EXIT.ok
}
