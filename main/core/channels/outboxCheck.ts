import { existsSync } from 'node:fs'
import { CONTROL_RUNS } from '../../../shared/controlCharacters.ts'
import { formatDuration } from '../../../shared/duration.ts'
import { errorMessage } from '../../../shared/errorMessage.ts'
import type { SetupCheck } from '../setupCheck.ts'
import { openStore } from '../store/openStore.ts'
import { outboxRepo } from '../store/outbox.ts'
import { describeDestination } from './registry.ts'

/**
 * `moments doctor`: what waits in the outbox for each destination, and what was given up, with
 * the reasons. Null when there is nothing to say (no state file; no channel and nothing queued).
 */
export function outboxCheck(
  configured: readonly string[],
  statePath: string,
  now: number,
): SetupCheck | null {
  if (!existsSync(statePath)) return null
  let db: ReturnType<typeof openStore> | undefined
  try {
    db = openStore(statePath, { readonly: true })
    const outbox = outboxRepo(db)
    const counts = outbox.counts()
    if (configured.length === 0 && counts.pending + counts.failed === 0) return null
    const lines = [`${counts.pending} queued, ${counts.sent} sent, ${counts.failed} failed`]
    let verdict: SetupCheck['verdict'] = counts.failed > 0 ? 'warn' : 'ok'
    for (const queue of outbox.pendingByChannel()) {
      const parts = [`oldest ${ago(now - queue.oldestCreatedAt)}`]
      if (queue.nextAttemptAt > now)
        parts.push(`next attempt in ${formatDuration(roundSeconds(queue.nextAttemptAt - now))}`)
      if (queue.attempts > 0) parts.push(`${queue.attempts} attempt${queue.attempts === 1 ? '' : 's'}`)
      if (queue.lastError) parts.push(`last error: ${oneLine(queue.lastError, 300)}`)
      const current = configured.includes(queue.channel)
      if (!current) parts.push('not a configured channel: given up at its max age')
      if (queue.lastError || !current) verdict = 'warn'
      lines.push(`queued for ${describeDestination(queue.channel)}: ${queue.pending} (${parts.join('; ')})`)
    }
    const failures = outbox.failures(5)
    if (failures.length > 0) lines.push('failed (moments history --status failed), latest first:')
    for (const failure of failures) {
      lines.push(
        `  ${ago(now - failure.failedAt)} ${describeDestination(failure.channel)} "${oneLine(failure.title, 60)}": ${oneLine(failure.reason ?? 'unknown', 300)}`,
      )
    }
    return { name: 'outbox', kind: 'info', verdict, detail: lines.join('\n') }
  } catch (error) {
    return {
      name: 'outbox',
      kind: 'info',
      verdict: 'warn',
      detail: `cannot read: ${errorMessage(error)}`,
    }
  } finally {
    db?.close()
  }
}

function ago(ms: number): string {
  return ms < 1_000 ? 'just now' : `${formatDuration(roundSeconds(ms))} ago`
}

function roundSeconds(ms: number): number {
  return Math.max(1_000, Math.round(ms / 1_000) * 1_000)
}

/** Event text and the channels' answers are untrusted: no control characters reach the terminal. */
function oneLine(text: string, max: number): string {
  const flat = text.replace(CONTROL_RUNS, ' ').replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}
