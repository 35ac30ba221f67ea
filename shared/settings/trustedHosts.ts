// Where a window may send what Moments holds: a settings window that runs hostile script could
// otherwise name its own server as the Salesforce org (and receive the token), or as a chat
// webhook (and receive every future moment). The CLI's moments.yaml is the user's own file and
// may name anything (slack.apiUrl, a proxy); these lists bind only what a window sends.
import { parseUrl } from './urlProblems.ts'

/** Salesforce orgs: My Domain and sandboxes (*.my.salesforce.com, *.sandbox.my.salesforce.com), Lightning and sites (*.force.com), classic instances, government cloud. */
const SALESFORCE_DOMAINS = ['salesforce.com', 'force.com', 'cloudforce.com', 'salesforce.mil']
/** Slack's incoming webhooks, and GovSlack's. */
const SLACK_WEBHOOK_HOSTS = ['hooks.slack.com', 'hooks.slack-gov.com']
/** Teams: a Workflows (Power Automate) trigger, in Azure Logic Apps or a Power Platform environment; a legacy connector. */
const TEAMS_WEBHOOK_DOMAINS = [
  'logic.azure.com',
  'logic.azure.us',
  'environment.api.powerplatform.com',
  'environment.api.powerplatform.us',
  'webhook.office.com',
]

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]']

function under(host: string, domains: string[]): boolean {
  const name = host.toLowerCase().replace(/\.$/, '')
  return domains.some((domain) => name === domain || name.endsWith(`.${domain}`))
}

/** A URL to this machine (a local stand-in, a proxy): it sends nothing over the network. */
function isLoopback(url: URL): boolean {
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK.includes(url.hostname)
}

function clean(url: URL): boolean {
  return !url.username && !url.password
}

export function salesforceInstanceProblem(text: string): string | null {
  const url = parseUrl(text.trim())
  if (
    url &&
    clean(url) &&
    (isLoopback(url) || (url.protocol === 'https:' && under(url.hostname, SALESFORCE_DOMAINS)))
  ) {
    return null
  }
  return 'Must be your org’s https:// Salesforce address, e.g. https://example.my.salesforce.com'
}

export function slackWebhookProblem(text: string): string | null {
  const url = parseUrl(text.trim())
  if (
    url &&
    clean(url) &&
    url.protocol === 'https:' &&
    SLACK_WEBHOOK_HOSTS.includes(url.hostname.toLowerCase())
  ) {
    return null
  }
  return 'Must be a Slack incoming-webhook URL (https://hooks.slack.com/services/…)'
}

export function teamsWebhookProblem(text: string): string | null {
  const url = parseUrl(text.trim())
  if (
    url &&
    clean(url) &&
    (isLoopback(url) || (url.protocol === 'https:' && under(url.hostname, TEAMS_WEBHOOK_DOMAINS)))
  ) {
    return null
  }
  return 'Must be the https:// URL of the Teams workflow (…logic.azure.com or …powerplatform.com)'
}
