import { describe, expect, it } from 'vitest'
import { slackMessage } from '../../../../main/core/channels/slack/slackMessage.ts'
import type { Moment } from '../../../../shared/moment.ts'

const ACCOUNT = '001000000000001AAA'

function moment(overrides: Partial<Moment> = {}): Moment {
  return {
    id: 'm1',
    rule: 'input-add-failed',
    ruleName: 'Failed to add an input',
    accountId: ACCOUNT,
    accountName: 'Acme Corp',
    severity: 'high',
    title: 'Failed to add an input — Acme Corp',
    body: 'Jo failed to add input MySQL in account Acme Corp',
    eventIds: ['ev-1'],
    occurredAt: '2026-11-26T09:00:00.000Z',
    loadedAt: '2026-11-26T09:00:05.000Z',
    recordedAt: '2026-11-26T09:00:10.000Z',
    status: 'delivered',
    snoozeReason: null,
    folded: 0,
    source: 'webserver',
    event: {},
    account: null,
    readAt: null,
    ...overrides,
  }
}

const context = { instanceUrl: 'https://acme.my.salesforce.com', mentions: null }
type Block = { type: string; text?: { type: string; text: string; verbatim?: boolean }; elements?: unknown[] }

describe('the Block Kit message of a moment', () => {
  it('adds a context line of what the rule knew of the account, its labels and values escaped', () => {
    const message = slackMessage(
      moment({
        account: {
          Name: 'Acme Corp',
          Type: 'Trial',
          Renewal_Date__c: '2026-12-20',
          Note__c: '<!channel> & <@U1>',
        },
      }),
      {
        ...context,
        accountLabels: [
          { path: 'Type', label: 'Account Type', type: 'picklist' },
          { path: 'Renewal_Date__c', label: 'Renewal Date', type: 'date' },
        ],
      },
    )
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'context', 'actions'])
    expect(message.blocks[2]).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Account Type: Trial  ·  Renewal Date: 2026-12-20  ·  Note__c: &lt;!channel&gt; &amp; &lt;@U1&gt;',
          verbatim: true,
        },
      ],
    })
  })

  it('has a header, the message, a context line, a Salesforce button and a fallback text', () => {
    const message = slackMessage(moment(), context)
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'actions'])
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Failed to add an input — Acme Corp', emoji: true },
    })
    expect(message.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: 'Jo failed to add input MySQL in account Acme Corp', verbatim: true },
    })
    const contextText = (message.blocks[2] as { elements: Array<{ text: string }> }).elements[0]?.text
    expect(contextText).toBe(
      ':red_circle: *High*  ·  <!date^1795683600^{date_short_pretty} {time}|2026-11-26 09:00 UTC>  ·  webserver',
    )
    expect(message.blocks[3]).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: 'open_in_salesforce',
          text: { type: 'plain_text', text: 'Open in Salesforce' },
          url: `https://acme.my.salesforce.com/lightning/r/Account/${ACCOUNT}/view`,
        },
      ],
    })
    expect(message.text).toBe(
      'Failed to add an input — Acme Corp: Jo failed to add input MySQL in account Acme Corp',
    )
  })

  it('escapes event text everywhere it is mrkdwn, so nothing in it mentions or links', () => {
    const message = slackMessage(
      moment({
        title: 'Failed <!channel> — <@U999>',
        body: '<!here> <@U0123ABCD> <https://evil.example|click> & more',
        source: '<!everyone>',
      }),
      context,
    )
    const json = JSON.stringify(message)
    for (const control of ['<!here>', '<@U0123ABCD>', '<https://evil', '<!everyone>']) {
      expect(json).not.toContain(control)
    }
    expect((message.blocks[1] as Block).text?.text).toBe(
      '&lt;!here&gt; &lt;@U0123ABCD&gt; &lt;https://evil.example|click&gt; &amp; more',
    )
    // The header is plain_text: Slack does not parse it, so it is shown as written.
    expect((message.blocks[0] as Block).text).toEqual({
      type: 'plain_text',
      text: 'Failed <!channel> — <@U999>',
      emoji: true,
    })
    expect(message.text.startsWith('Failed &lt;!channel&gt; — &lt;@U999&gt;: &lt;!here&gt;')).toBe(true)
  })

  it('cuts a message over 3,000 characters with an ellipsis, and a header over 150', () => {
    const message = slackMessage(moment({ title: 'T'.repeat(400), body: 'b'.repeat(10_000) }), context)
    const header = (message.blocks[0] as Block).text?.text ?? ''
    const section = (message.blocks[1] as Block).text?.text ?? ''
    expect(header).toHaveLength(150)
    expect(header.endsWith('…')).toBe(true)
    expect(section).toHaveLength(3000)
    expect(section.endsWith('…')).toBe(true)
    expect(message.text.length).toBeLessThanOrEqual(3000)
  })

  it('shows mentions only from the owner mapping, in their own section', () => {
    const message = slackMessage(moment(), { ...context, mentions: 'Owner: <@U0ADA>' })
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context', 'actions'])
    expect((message.blocks[2] as Block).text?.text).toBe('Owner: <@U0ADA>')
    expect(message.text.endsWith('\nOwner: <@U0ADA>')).toBe(true)
  })

  it('says how many similar moments were snoozed since the last one', () => {
    const message = slackMessage(moment({ folded: 3, severity: 'normal' }), context)
    const contextText = (message.blocks[2] as { elements: Array<{ text: string }> }).elements[0]?.text
    expect(contextText).toMatch(/^Normal {2}·.*· {2}3 similar snoozed since the last one$/)
  })

  it('has no button without a Salesforce instance or with an account id that is not one', () => {
    expect(
      slackMessage(moment(), { instanceUrl: null, mentions: null }).blocks.map((b) => b.type),
    ).not.toContain('actions')
    expect(
      slackMessage(moment({ accountId: '001"><script>' }), context).blocks.map((b) => b.type),
    ).not.toContain('actions')
  })
})
