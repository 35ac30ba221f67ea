import { type AccountFieldLabel, accountFacts } from '../../../../shared/accountFacts.ts'
import type { Moment } from '../../../../shared/moment.ts'
import { escapeAndFit, oneLine } from './teamsMarkdown.ts'

/** What a Teams Workflows webhook takes: a message with one Adaptive Card attachment. */
export interface TeamsMessage {
  type: 'message'
  attachments: [
    { contentType: 'application/vnd.microsoft.card.adaptive'; contentUrl: null; content: AdaptiveCard },
  ]
}

export interface AdaptiveCard {
  type: 'AdaptiveCard'
  $schema: string
  version: string
  body: Array<Record<string, unknown>>
  actions?: Array<Record<string, unknown>>
  msteams: { width: 'Full' }
}

// Teams refuses a message over 28 KB. With these cuts the card stays well under it even when
// every character of the event text needs escaping and takes four bytes (tested).
export const TITLE_LIMIT = 200
export const BODY_LIMIT = 4_000
export const FACT_LIMIT = 200

const SEVERITY: Record<Moment['severity'], string> = { high: 'High', normal: 'Normal', low: 'Low' }

/**
 * title · message · facts (account, severity) · a line with the event time (in each reader's own
 * time zone), the source and what was snoozed · "Open in Salesforce". Every event-derived text is
 * escaped for Teams' markdown and cut to fit.
 */
export function teamsMessage(
  moment: Moment,
  context: { accountUrl: string | null; accountLabels?: readonly AccountFieldLabel[] },
): TeamsMessage {
  const title = oneLine(moment.title) || oneLine(moment.ruleName) || moment.rule
  const body = moment.body.trim() === '' ? title : moment.body
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    msteams: { width: 'Full' },
    body: [
      {
        type: 'TextBlock',
        text: escapeAndFit(title, TITLE_LIMIT),
        size: 'Medium',
        weight: 'Bolder',
        wrap: true,
      },
      { type: 'TextBlock', text: escapeAndFit(body, BODY_LIMIT), wrap: true },
      {
        type: 'FactSet',
        facts: [
          {
            title: 'Account',
            value: escapeAndFit(oneLine(moment.accountName) || moment.accountId, FACT_LIMIT),
          },
          { title: 'Severity', value: SEVERITY[moment.severity] },
        ],
      },
      { type: 'TextBlock', text: contextLine(moment), isSubtle: true, size: 'Small', wrap: true },
    ],
  }
  const account = accountLine(moment, context.accountLabels)
  if (account) {
    // Before the event's line: what the rule knew of the account, as Salesforce has it.
    card.body.splice(3, 0, { type: 'TextBlock', text: account, isSubtle: true, size: 'Small', wrap: true })
  }
  if (context.accountUrl) {
    card.actions = [{ type: 'Action.OpenUrl', title: 'Open in Salesforce', url: context.accountUrl }]
  }
  return {
    type: 'message',
    attachments: [
      { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card },
    ],
  }
}

/** `Account Type: Trial  ·  Renewal Date: 2026-12-20`, each label and value escaped for Teams' markdown. */
function accountLine(moment: Moment, labels: readonly AccountFieldLabel[] = []): string | null {
  const facts = accountFacts(moment.account, labels, { except: ['Name'] })
  if (facts.length === 0) return null
  return facts
    .slice(0, ACCOUNT_FACTS)
    .map(
      (fact) =>
        `${escapeAndFit(oneLine(fact.label), FACT_LIMIT)}: ${escapeAndFit(oneLine(fact.text), FACT_LIMIT)}`,
    )
    .join('  ·  ')
}

// With these, the card stays under Teams' 28 KB whatever the fields hold (each fact is cut).
const ACCOUNT_FACTS = 12

function contextLine(moment: Moment): string {
  const parts = [eventTime(moment.occurredAt), escapeAndFit(oneLine(moment.source), FACT_LIMIT)]
  if (moment.folded > 0) parts.push(`${moment.folded} similar snoozed since the last one`)
  return parts.filter((part) => part !== '').join('  ·  ')
}

/** Adaptive Cards' date functions: shown in the reader's own time zone (they want seconds, no ms). */
function eventTime(iso: string): string {
  const ms = Date.parse(iso)
  if (!Number.isFinite(ms)) return ''
  const at = `${new Date(ms).toISOString().slice(0, 19)}Z`
  return `{{DATE(${at}, SHORT)}} {{TIME(${at})}}`
}
