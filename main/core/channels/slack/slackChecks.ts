/**
 * `moments doctor`'s Slack checks. They send nothing: the token and webhook are checked for
 * their shape, a bot token with auth.test.
 */
import type { Logger } from 'pino'
import { formatDuration } from '../../../../shared/duration.ts'
import type { SetupCheck } from '../../setupCheck.ts'
import { slackWebClient } from './slackClient.ts'
import type { SlackSettings } from './slackConfig.ts'
import { mentionFieldsOf, outboxChannel } from './slackDestination.ts'
import { webApiFailure } from './slackFailure.ts'

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/

export async function slackChecks(slack: SlackSettings, options: { log: Logger }): Promise<SetupCheck[]> {
  const format = slackFormatCheck(slack)
  if (!slack.botToken || format.verdict === 'fail') return [format]
  return [format, await slackAuthCheck(slack, options.log)]
}

/** The webhook URL and the token have Slack's shapes; what is sent where. Never shows a secret. */
export function slackFormatCheck(slack: SlackSettings): SetupCheck {
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
export async function slackAuthCheck(slack: SlackSettings, log: Logger): Promise<SetupCheck> {
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
    let verdict: SetupCheck['verdict'] = 'ok'
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
