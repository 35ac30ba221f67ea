import { describe, expect, it } from 'vitest'
import { BODY_LIMIT, teamsMessage } from '../../../../main/core/channels/teams/teamsCard.ts'
import { escapeAndFit, escapeTeamsMarkdown } from '../../../../main/core/channels/teams/teamsMarkdown.ts'
import { testMoment } from '../../../../main/core/channels/testMoment.ts'
import type { Moment } from '../../../../shared/moment.ts'
import { TEAMS_MESSAGE_LIMIT_BYTES } from '../../../support/teamsStandIn.ts'
import { cardProblems, plainParagraph, renderMarkdown } from './adaptiveCards.ts'

const ACCOUNT_URL = 'https://acme.my.salesforce.com/lightning/r/Account/001000000000001AAA/view'

function moment(overrides: Partial<Moment> = {}): Moment {
  return {
    ...testMoment(Date.UTC(2026, 10, 26, 9, 30)),
    id: 'm1',
    rule: 'input-add-failed',
    ruleName: 'Failed to add an input',
    accountId: '001000000000001AAA',
    accountName: 'Acme Corp',
    severity: 'high',
    title: 'Failed to add an input — Acme Corp',
    body: 'Jo failed to add input Jira in account Acme Corp',
    source: 'webserver',
    folded: 2,
    ...overrides,
  }
}

const card = (m: Moment, accountUrl: string | null = ACCOUNT_URL) =>
  teamsMessage(m, { accountUrl }).attachments[0].content

const texts = (m: Moment) => JSON.stringify(card(m))

const HOSTILE = [
  '**bold** _italic_ ~~gone~~ `code`',
  '[Click here](https://evil.example/phish) and ![x](https://evil.example/x.png)',
  '<at>Everyone</at> <script>alert(1)</script> &amp; &lt;',
  '# Heading\n- item\n1. first\n> quote',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${account} in event text, which the card must not expand
  '{{DATE(2020-01-01T00:00:00Z, SHORT)}} ${account} \\escaped\\',
  'a | table | row',
]

describe('the Teams card', () => {
  it('is a message with one Adaptive Card that Microsoft’s library parses and validates without a warning', () => {
    const message = teamsMessage(moment(), { accountUrl: ACCOUNT_URL })
    expect(message).toMatchObject({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null }],
    })
    expect(cardProblems(message.attachments[0].content)).toEqual([])
    expect(cardProblems(card(moment(), null))).toEqual([])
    expect(cardProblems(card(moment({ body: '', folded: 0, occurredAt: 'not a time' })))).toEqual([])
    // The check itself: a card Teams could not show is reported.
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.4', body: [{ type: 'Bogus' }] })).not.toEqual([])
  })

  it('shows the title, the message, the account, the severity, the event time in the reader’s zone and the link', () => {
    const content = card(moment())
    expect(content.version).toBe('1.4')
    expect(content.body).toEqual([
      expect.objectContaining({
        type: 'TextBlock',
        text: 'Failed to add an input — Acme Corp',
        weight: 'Bolder',
      }),
      expect.objectContaining({
        type: 'TextBlock',
        text: 'Jo failed to add input Jira in account Acme Corp',
      }),
      {
        type: 'FactSet',
        facts: [
          { title: 'Account', value: 'Acme Corp' },
          { title: 'Severity', value: 'High' },
        ],
      },
      expect.objectContaining({
        text: '{{DATE(2026-11-26T09:30:00Z, SHORT)}} {{TIME(2026-11-26T09:30:00Z)}}  ·  webserver  ·  2 similar snoozed since the last one',
      }),
    ])
    expect(content.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open in Salesforce', url: ACCOUNT_URL },
    ])
    expect(card(moment(), null).actions).toBeUndefined()
  })

  it.each(HOSTILE)('keeps event text as text, whatever markdown or tags it holds: %s', (text) => {
    // Read as the library renders it: the same characters, in a plain paragraph.
    expect(renderMarkdown(escapeTeamsMarkdown(text.replace(/\n/g, ' ')))).toBe(
      plainParagraph(text.replace(/\n/g, ' ')),
    )
    const content = card(moment({ title: text, body: text, accountName: text, source: text }))
    expect(cardProblems(content)).toEqual([])
    for (const block of JSON.stringify(content).match(/"text":"[^"]*"/g) ?? []) {
      expect(block).not.toMatch(/(?<!\\\\)\{\{DATE\(2020/)
    }
  })

  it('keeps a message over Teams’ size limit out: cut with an ellipsis, never inside an escape', () => {
    // Every character escaped and four bytes of UTF-8: the worst case for the 28 KB limit.
    const worst = '*😀'.repeat(20_000)
    const account = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`F${i}__c`, worst]))
    const message = teamsMessage(
      moment({ title: worst, body: worst, accountName: worst, source: worst, account }),
      {
        accountUrl: ACCOUNT_URL,
        accountLabels: Object.keys(account).map((path) => ({ path, label: worst, type: 'string' })),
      },
    )
    expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThan(TEAMS_MESSAGE_LIMIT_BYTES)
    const body = message.attachments[0].content.body[1] as { text: string }
    expect(body.text.length).toBeLessThanOrEqual(BODY_LIMIT)
    expect(body.text.endsWith('…')).toBe(true)
    expect(renderMarkdown(body.text)).toBe(plainParagraph(body.text.replace(/\\(.)/g, '$1')))
    expect(escapeAndFit('ab\\cd', 4)).toBe('ab…')
  })

  it('adds a line of what the rule knew of the account, the org’s labels first, each value escaped', () => {
    const content = teamsMessage(
      moment({
        account: { Name: 'Acme Corp', Type: 'Trial', AnnualRevenue: 1250000, Note__c: '**big** <at>x</at>' },
      }),
      {
        accountUrl: ACCOUNT_URL,
        accountLabels: [
          { path: 'Type', label: 'Account Type', type: 'picklist' },
          { path: 'AnnualRevenue', label: 'Annual Revenue', type: 'currency' },
        ],
      },
    ).attachments[0].content
    const line = content.body[3] as { text: string; isSubtle: boolean }
    expect(line.text).toBe(
      'Account Type: Trial  ·  Annual Revenue: 1,250,000  ·  Note\\_\\_c: \\*\\*big\\*\\* \\<at\\>x\\</at\\>',
    )
    expect(renderMarkdown(line.text)).toBe(
      plainParagraph('Account Type: Trial  ·  Annual Revenue: 1,250,000  ·  Note__c: **big** <at>x</at>'),
    )
    expect(cardProblems(content)).toEqual([])
  })

  it('has no account line when the moment kept no account fields', () => {
    expect(card(moment({ account: null })).body).toHaveLength(4)
  })

  it('names nobody: a card carries no mention entities, and <at> stays text', () => {
    const content = texts(moment({ body: '<at>Ada</at> please look' }))
    expect(content).not.toContain('"entities"')
    expect(content).toContain('\\\\<at\\\\>Ada\\\\</at\\\\>')
  })
})
