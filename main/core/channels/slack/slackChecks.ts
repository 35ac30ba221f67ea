/**
 * `moments doctor`'s Slack checks. They send nothing: the token and webhook are checked for
 * their shape, a bot token with auth.test, and the outbox is read from the state file.
 */
import { existsSync } from 'node:fs'
import type { Logger } from 'pino'
import { formatDuration } from '../../../../shared/duration.ts'
import { errorMessage } from '../../../../shared/errorMessage.ts'
import type { SalesforceSettings, SlackSettings } from '../../config/configSchema.ts'
import { fetchAllAccounts } from '../../ownership/salesforceOwnership.ts'
import { mentionFieldsOf } from '../../ownership/teamDirectory.ts'
import { openStore } from '../../store/openStore.ts'
import { outboxRepo } from '../../store/outbox.ts'
import { slackWebClient } from './slackClient.ts'
import { webApiFailure } from './slackFailure.ts'
import { outboxChannel } from './slackForwarder.ts'

export interface SlackCheck {
  name: string
  verdict: 'ok' | 'warn' | 'fail'
  detail: string
  /** A failed `config` check makes doctor exit 2, a failed `service` check 1 */
  kind: 'config' | 'service' | 'info'
}

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/

export async function slackChecks(
  slack: SlackSettings | null,
  options: { statePath: string; log: Logger; now?: number },
): Promise<SlackCheck[]> {
  const checks: SlackCheck[] = []
  if (slack) {
    const format = slackFormatCheck(slack)
    checks.push(format)
    if (slack.botToken && format.verdict !== 'fail') checks.push(await slackAuthCheck(slack, options.log))
  }
  const outbox = outboxCheck(slack, options.statePath, options.now ?? Date.now())
  if (outbox) checks.push(outbox)
  return checks
}

/** The webhook URL and the token have Slack's shapes; what is sent where. Never shows a secret. */
export function slackFormatCheck(slack: SlackSettings): SlackCheck {
  const problems: string[] = []
  const warnings: string[] = []
  let target: string
  if (slack.webhookUrl) {
    const url = new URL(slack.webhookUrl)
    const parts = /^\/services\/(T[A-Z0-9]+)\/(B[A-Z0-9]+)\/[A-Za-z0-9]+$/.exec(url.pathname)
    target = `an incoming webhook (${url.host}${parts ? `/services/${parts[1]}/${parts[2]}/…` : '/…'})`
    if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
      problems.push('slack.webhookUrl: must be https (the URL is the secret)')
    } else if (url.host !== 'hooks.slack.com' || !parts) {
      warnings.push(
        'slack.webhookUrl: not a hooks.slack.com/services/T…/B…/… URL (fine for a proxy or GovSlack)',
      )
    }
  } else {
    const token = slack.botToken ?? ''
    target = `a bot token (${token.slice(0, 5)}…) to ${outboxChannel(slack)}`
    if (/^xoxp-/.test(token))
      warnings.push(
        'slack.botToken: a user token (xoxp-): messages are posted as that person; a bot token is xoxb-',
      )
    else if (/^xapp-/.test(token))
      problems.push('slack.botToken: an app-level token (xapp-) cannot post; use the bot token (xoxb-)')
    else if (!/^xoxb-[A-Za-z0-9-]+$/.test(token))
      problems.push('slack.botToken: does not look like a bot token (xoxb-…)')
    if (slack.apiUrl) {
      const api = new URL(slack.apiUrl)
      if (api.protocol === 'http:' && !LOOPBACK.test(api.hostname))
        problems.push('slack.apiUrl: must be https')
    }
  }
  const mode =
    slack.mode === 'team' ? `team channel bot, mentioning ${mentionFieldsOf(slack).join(', ')}` : 'personal'
  const first = `${mode}: ${target}; gives up after ${formatDuration(slack.maxAge)}, ≤1 message per ${formatDuration(slack.pace)} per channel`
  return {
    name: 'slack',
    kind: 'config',
    verdict: problems.length > 0 ? 'fail' : warnings.length > 0 ? 'warn' : 'ok',
    detail: [first, ...problems, ...warnings].join('\n'),
  }
}

/** auth.test: the token works, for which bot and workspace, with which scopes. */
export async function slackAuthCheck(slack: SlackSettings, log: Logger): Promise<SlackCheck> {
  const client = slackWebClient(
    { botToken: slack.botToken as string, apiUrl: slack.apiUrl, timeoutMs: Math.min(slack.timeout, 15_000) },
    log,
  )
  try {
    const answer = await client.auth.test()
    const scopes = answer.response_metadata?.scopes
    const lines = [
      `auth.test: ${answer.user ?? answer.user_id ?? 'bot'} in ${answer.team ?? answer.team_id ?? 'workspace'}${answer.url ? ` (${answer.url})` : ''}`,
    ]
    let verdict: SlackCheck['verdict'] = 'ok'
    if (scopes) {
      lines.push(`scopes: ${scopes.join(', ')}`)
      if (!scopes.includes('chat:write')) {
        lines.push('missing scope chat:write: messages cannot be posted')
        verdict = 'fail'
      }
      const needsLookup = slack.mode === 'team' || slack.channel === '@me'
      if (needsLookup && !scopes.includes('users:read.email')) {
        lines.push(
          slack.channel === '@me'
            ? 'missing scope users:read.email: @me cannot be found by your e-mail'
            : 'missing scope users:read.email: owners are named, not mentioned',
        )
        if (verdict === 'ok') verdict = 'warn'
      }
    }
    return { name: 'slack auth', kind: 'service', verdict, detail: lines.join('\n') }
  } catch (error) {
    return {
      name: 'slack auth',
      kind: 'service',
      verdict: 'fail',
      detail: `auth.test: ${webApiFailure(error).reason}`,
    }
  }
}

/** What waits in the outbox, and what was given up, with the reasons. */
export function outboxCheck(slack: SlackSettings | null, statePath: string, now: number): SlackCheck | null {
  if (!existsSync(statePath)) return null
  let db: ReturnType<typeof openStore> | undefined
  try {
    db = openStore(statePath, { readonly: true })
    const outbox = outboxRepo(db)
    const counts = outbox.counts()
    if (!slack && counts.pending + counts.failed === 0) return null
    const configured = slack ? outboxChannel(slack) : null
    const lines = [`${counts.pending} queued, ${counts.sent} sent, ${counts.failed} failed`]
    let verdict: SlackCheck['verdict'] = counts.failed > 0 ? 'warn' : 'ok'
    for (const queue of outbox.pendingByChannel()) {
      const parts = [`oldest ${ago(now - queue.oldestCreatedAt)}`]
      if (queue.nextAttemptAt > now)
        parts.push(`next attempt in ${formatDuration(roundSeconds(queue.nextAttemptAt - now))}`)
      if (queue.attempts > 0) parts.push(`${queue.attempts} attempt${queue.attempts === 1 ? '' : 's'}`)
      if (queue.lastError) parts.push(`last error: ${oneLine(queue.lastError, 300)}`)
      if (queue.channel !== configured) parts.push('not the configured channel: given up at its max age')
      if (queue.lastError || queue.channel !== configured) verdict = 'warn'
      lines.push(`queued for ${queue.channel}: ${queue.pending} (${parts.join('; ')})`)
    }
    const failures = outbox.failures(5)
    if (failures.length > 0) lines.push('failed (moments history --status failed), latest first:')
    for (const failure of failures) {
      lines.push(
        `  ${ago(now - failure.failedAt)} ${failure.channel} "${oneLine(failure.title, 60)}": ${oneLine(failure.reason ?? 'unknown', 300)}`,
      )
    }
    return { name: 'slack outbox', kind: 'info', verdict, detail: lines.join('\n') }
  } catch (error) {
    return {
      name: 'slack outbox',
      kind: 'info',
      verdict: 'warn',
      detail: `cannot read: ${errorMessage(error)}`,
    }
  } finally {
    db?.close()
  }
}

/** Team mode's directory: every account, and how many have an owner Slack could be asked about. */
export async function teamDirectoryCheck(
  salesforce: SalesforceSettings,
  slack: SlackSettings,
): Promise<SlackCheck> {
  const fields = mentionFieldsOf(slack)
  try {
    const { accounts } = await fetchAllAccounts({
      ...salesforce,
      ownerFields: fields,
      retries: 1,
      timeoutMs: 15_000,
    })
    const withEmail = accounts.filter((a) => a.people.some((p) => p.email)).length
    return {
      name: 'salesforce',
      kind: 'service',
      verdict: accounts.length > 0 ? 'ok' : 'warn',
      detail: `${salesforce.instanceUrl}: team mode, every account: ${accounts.length} (${withEmail} with a ${fields.join(' or ')} e-mail to mention)`,
    }
  } catch (error) {
    return {
      name: 'salesforce',
      kind: 'service',
      verdict: 'fail',
      detail: `${salesforce.instanceUrl}: ${errorMessage(error)}`,
    }
  }
}

function ago(ms: number): string {
  return ms < 1_000 ? 'just now' : `${formatDuration(roundSeconds(ms))} ago`
}

function roundSeconds(ms: number): number {
  return Math.max(1_000, Math.round(ms / 1_000) * 1_000)
}

/** Event text and Slack's answers are untrusted: no control characters reach the terminal. */
function oneLine(text: string, max: number): string {
  const flat = text
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}
