import { describe, expect, it } from 'vitest'
import { escapeAndFit, escapeMrkdwn, fitPlain } from '../../../../main/core/channels/slack/slackEscape.ts'

describe('Slack mrkdwn escaping of event text', () => {
  it.each([
    ['<!channel> look', '&lt;!channel&gt; look'],
    ['<!here>', '&lt;!here&gt;'],
    ['ping <@U0123ABCD>', 'ping &lt;@U0123ABCD&gt;'],
    ['<https://evil.example|click me>', '&lt;https://evil.example|click me&gt;'],
    ['<#C0123|general>', '&lt;#C0123|general&gt;'],
    ['<!subteam^S123>', '&lt;!subteam^S123&gt;'],
    ['AT&T', 'AT&amp;T'],
    ['already &amp; escaped', 'already &amp;amp; escaped'],
    ['a > b < c', 'a &gt; b &lt; c'],
  ])('turns %j into text', (input, escaped) => {
    expect(escapeMrkdwn(input)).toBe(escaped)
  })

  it('leaves everything else alone: quotes, emoji, mrkdwn punctuation', () => {
    const text = `"Jo's" *bold* _it_ ~s~ \`code\` :tada: 日本語 🎉`
    expect(escapeMrkdwn(text)).toBe(text)
  })
})

describe('cutting to a Slack limit', () => {
  it('keeps text within the limit as it is', () => {
    expect(escapeAndFit('x'.repeat(3000), 3000)).toBe('x'.repeat(3000))
  })

  it('cuts longer text with an ellipsis, within the limit', () => {
    const cut = escapeAndFit('x'.repeat(5000), 3000)
    expect(cut).toHaveLength(3000)
    expect(cut.endsWith('…')).toBe(true)
  })

  it('counts the escaped length and never cuts inside an entity', () => {
    const cut = escapeAndFit('&'.repeat(1000), 3000)
    expect(cut.length).toBeLessThanOrEqual(3000)
    expect(cut).toMatch(/^(?:&amp;)+…$/)
  })

  it('never splits a surrogate pair', () => {
    const cut = fitPlain('🎉'.repeat(100), 150)
    expect(cut.length).toBeLessThanOrEqual(150)
    expect(cut).toBe(`${'🎉'.repeat(74)}…`)
  })
})
