import type { KnownBlock } from '@slack/web-api'
import { type AccountFieldLabel, accountFacts } from '../../../../shared/accountFacts.ts'
import type { Moment } from '../../../../shared/moment.ts'
import { salesforceAccountUrl } from '../../ownership/accountUrl.ts'
import { ELLIPSIS, escapeAndFit, escapeMrkdwn, fitPlain } from './slackEscape.ts'

/** A Slack message: Block Kit, and the plain `text` that notifications and screen readers show. */
export interface SlackMessage {
  text: string
  blocks: KnownBlock[]
}

export interface MessageContext {
  /** The org's My Domain URL, for the "Open in Salesforce" button; null leaves the button out */
  instanceUrl: string | null
  /** Team mode: who is mentioned, as ready mrkdwn (`Owner: <@U123>`); null when nobody */
  mentions: string | null
  /** The org's labels of the account fields (the moment keeps the values); default none */
  accountLabels?: readonly AccountFieldLabel[]
}

// Slack's limits: a header's plain_text 150 characters, a section's text 3,000.
const HEADER_LIMIT = 150
const SECTION_LIMIT = 3_000

/**
 * header (rule — account) · section (the message) · [mentions] · context (severity, event time,
 * source) · "Open in Salesforce". Every event-derived string is escaped and `verbatim`, so nothing
 * in it becomes a mention, a link or a channel; mentions come only from `context.mentions`.
 */
export function slackMessage(moment: Moment, context: MessageContext): SlackMessage {
  const title = oneLine(moment.title) || oneLine(moment.ruleName) || moment.rule
  const body = moment.body.trim() === '' ? title : moment.body
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: fitPlain(title, HEADER_LIMIT), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: escapeAndFit(body, SECTION_LIMIT), verbatim: true } },
  ]
  if (context.mentions) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: context.mentions, verbatim: true } })
  }
  const account = accountLine(moment, context.accountLabels)
  if (account) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: account, verbatim: true }] })
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: contextLine(moment), verbatim: true }] })
  const url = salesforceAccountUrl(context.instanceUrl, moment.accountId)
  if (url) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: 'open_in_salesforce',
          text: { type: 'plain_text', text: 'Open in Salesforce' },
          url,
        },
      ],
    })
  }
  return { text: fallbackText(title, body, context.mentions), blocks }
}

function contextLine(moment: Moment): string {
  const parts = [
    `${SEVERITY_LABEL[moment.severity]}`,
    eventTime(moment.occurredAt),
    escapeMrkdwn(oneLine(moment.source)),
  ]
  if (moment.folded > 0) {
    parts.push(`${moment.folded} similar snoozed since the last one`)
  }
  return parts.filter((part) => part !== '').join('  ·  ')
}

// A context element's text may hold 3,000 characters; the account line stays far below.
const ACCOUNT_LINE_LIMIT = 600

/**
 * `Account Type: Trial  ·  Renewal Date: 2026-12-20`: what the rule knew of the account. Labels and
 * values come from Salesforce, where anyone can type `<!channel>`: escaped like event text.
 */
function accountLine(moment: Moment, labels: readonly AccountFieldLabel[] = []): string | null {
  // The name is the header's already.
  const facts = accountFacts(moment.account, labels, { except: ['Name'] })
  if (facts.length === 0) return null
  const line = facts.map((fact) => `${oneLine(fact.label)}: ${oneLine(fact.text)}`).join('  ·  ')
  return escapeAndFit(line, ACCOUNT_LINE_LIMIT)
}

const SEVERITY_LABEL: Record<Moment['severity'], string> = {
  high: ':red_circle: *High*',
  normal: 'Normal',
  low: 'Low',
}

/** Slack's date token: shown in each reader's own time zone, the UTC time as its fallback. */
function eventTime(iso: string): string {
  const ms = Date.parse(iso)
  if (!Number.isFinite(ms)) return ''
  const fallback = new Date(ms).toISOString().replace('T', ' ').slice(0, 16)
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback} UTC>`
}

function fallbackText(title: string, body: string, mentions: string | null): string {
  const head = `${escapeMrkdwn(title)}: `
  const tail = mentions ? `\n${mentions}` : ''
  const room = SECTION_LIMIT - head.length - tail.length
  return room > ELLIPSIS.length
    ? `${head}${escapeAndFit(body, room)}${tail}`
    : escapeAndFit(title, SECTION_LIMIT)
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
