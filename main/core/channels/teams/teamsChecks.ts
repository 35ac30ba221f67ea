// `moments doctor`'s Teams check. It sends nothing (a Workflows webhook has no "test" call: any
// request posts): the URL is checked for its shape and named without its secret.
import { formatDuration } from '../../../../shared/duration.ts'
import type { SetupCheck } from '../../setupCheck.ts'
import type { TeamsSettings } from './teamsConfig.ts'

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/
/** Where Power Automate serves "When a Teams webhook request is received" */
const WORKFLOWS_HOST =
  /(?:\.logic\.azure\.com|\.powerplatform\.com|\.powerautomate\.com|^flow\.microsoft\.com)$/
/** The Office 365 connectors' Incoming Webhook, which Microsoft is retiring */
const CONNECTOR_HOST = /(?:\.webhook\.office\.com|^outlook\.office\.com)$/

export function teamsChecks(teams: TeamsSettings): SetupCheck[] {
  const url = new URL(teams.webhookUrl)
  const problems: string[] = []
  const warnings: string[] = []
  const local = LOOPBACK.test(url.hostname)
  if (url.protocol === 'http:' && !local)
    problems.push('teams.webhookUrl: must be https (the URL is the secret)')
  if (WORKFLOWS_HOST.test(url.hostname)) {
    if (!url.searchParams.get('sig')) {
      warnings.push('teams.webhookUrl: has no sig parameter; copy the whole URL from the workflow’s trigger')
    }
  } else if (CONNECTOR_HOST.test(url.hostname)) {
    warnings.push(
      'teams.webhookUrl: an Office 365 connector webhook, which Microsoft is retiring; make a Workflows webhook ("Send webhook alerts to a channel")',
    )
  } else if (!local) {
    warnings.push('teams.webhookUrl: not a Teams Workflows URL (fine for a proxy)')
  }
  const first = `a webhook (${url.host}/…); gives up after ${formatDuration(teams.maxAge)}, ≤1 message per ${formatDuration(teams.pace)}`
  return [
    {
      name: 'teams',
      kind: 'config',
      verdict: problems.length > 0 ? 'fail' : warnings.length > 0 ? 'warn' : 'ok',
      detail: [first, ...problems, ...warnings].join('\n'),
    },
  ]
}
