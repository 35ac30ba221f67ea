import { describe, expect, it } from 'vitest'
import { isDraftMailto, MAILTO_MAX_CHARS, mailtoUrl } from '../../../main/core/actions/mailtoUrl.ts'

/** The URL read back as a mail client reads it (RFC 6068): recipients, then each hfield. */
function readBack(url: string) {
  expect(url.startsWith('mailto:')).toBe(true)
  const [to = '', query] = url.slice('mailto:'.length).split('?', 2)
  const fields: Record<string, string> = {}
  for (const pair of query ? query.split('&') : []) {
    const [name = '', value = ''] = pair.split('=', 2)
    expect(fields).not.toHaveProperty(name)
    fields[decodeURIComponent(name)] = decodeURIComponent(value)
  }
  return { to: to ? to.split(',').map(decodeURIComponent) : [], fields }
}

const HOSTILE = [
  'Line one\nLine two\r\nLine three\rLine four',
  'AT&T & Co: 100% sure, a=b&cc=boss@example.com&bcc=spy@example.com#frag',
  '%0D%0Abcc: spy@example.com %E2%80 %zz %',
  '名前 — 入力の追加に失敗しました 😀 مرحبا Привет',
  'tab\there \u0000 nul \u001b[31m escape \u2028 separator',
  'broken \uD800 surrogate \uDC00 halves',
].join('\n')

describe('a mailto: URL for a drafted e-mail', () => {
  it('carries recipients, subject and body exactly, every hostile character escaped', () => {
    const { url, to, cut } = mailtoUrl({
      to: ['jo.doe+acme@example.com', 'ann@example.org'],
      subject: 'Adding MySQL & Co',
      body: 'Hi Jo,\n\n100% & more: a=b\nBye',
    })
    expect(cut).toBe(false)
    expect(to).toEqual(['jo.doe+acme@example.com', 'ann@example.org'])
    expect(url).toBe(
      'mailto:jo.doe%2Bacme@example.com,ann@example.org?subject=Adding%20MySQL%20%26%20Co&body=Hi%20Jo%2C%0D%0A%0D%0A100%25%20%26%20more%3A%20a%3Db%0D%0ABye',
    )
    expect(readBack(url)).toEqual({
      to: ['jo.doe+acme@example.com', 'ann@example.org'],
      fields: { subject: 'Adding MySQL & Co', body: 'Hi Jo,\r\n\r\n100% & more: a=b\r\nBye' },
    })
    expect(isDraftMailto(url)).toBe(true)
  })

  it('keeps hostile event text inside its field: no added header, line breaks as CRLF, subject on one line', () => {
    const { url } = mailtoUrl({ to: ['jo@example.com'], subject: HOSTILE, body: HOSTILE })
    const { to, fields } = readBack(url)
    expect(to).toEqual(['jo@example.com'])
    expect(Object.keys(fields)).toEqual(['subject', 'body'])
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters
    expect(fields.subject).not.toMatch(/[\r\n\u0000-\u001f]/)
    expect(fields.subject).toContain('AT&T & Co: 100% sure, a=b&cc=boss@example.com&bcc=spy@example.com#frag')
    expect(fields.body).toContain('Line one\r\nLine two\r\nLine three\r\nLine four')
    expect(fields.body?.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    expect(fields.body).toContain('%0D%0Abcc: spy@example.com %E2%80 %zz %')
    expect(fields.body).toContain('名前 — 入力の追加に失敗しました 😀 مرحبا Привет')
    expect(fields.body).toContain('broken \uFFFD surrogate \uFFFD halves')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters
    expect(fields.body).not.toMatch(/[\u0000\u001b]/)
    // A WHATWG URL parser (Electron's, a browser's) sees the same two fields.
    const parsed = new URL(url)
    expect(parsed.protocol).toBe('mailto:')
    expect([...parsed.searchParams.keys()]).toEqual(['subject', 'body'])
    expect(parsed.searchParams.get('body')).toBe(fields.body)
    expect(isDraftMailto(url)).toBe(true)
  })

  it('stays under the cap with 10 KB values, cut on a whole character with an ellipsis', () => {
    for (const unit of ['a', 'é', '名', '😀', 'x\n', '%&=']) {
      const big = unit.repeat(Math.ceil(10_240 / unit.length))
      const { url, cut } = mailtoUrl({ to: ['jo@example.com'], subject: big, body: big })
      expect(cut).toBe(true)
      expect(url.length).toBeLessThanOrEqual(MAILTO_MAX_CHARS)
      // Most of the room goes to the body.
      expect(url.length).toBeGreaterThan(MAILTO_MAX_CHARS - 40)
      const { fields } = readBack(url)
      expect(fields.body?.endsWith('…')).toBe(true)
      expect(fields.subject?.endsWith('…')).toBe(true)
      const bodyText = fields.body?.slice(0, -1) ?? ''
      expect(big.replace(/\n/g, '\r\n').startsWith(bodyText)).toBe(true)
      expect(bodyText.endsWith('\r')).toBe(false)
      expect(isDraftMailto(url)).toBe(true)
    }
  })

  it('leaves out what is not an address, and recipients beyond the cap', () => {
    const many = Array.from({ length: 60 }, (_, i) => `person.number.${i}@example.com`)
    const { url, to } = mailtoUrl({
      to: ['not an address', 'x@y', 'a@b.com?cc=spy@example.com', 'jo@bücher.de', ...many],
      subject: 'Hi',
      body: '',
    })
    expect(to[0]).toBe('jo@xn--bcher-kva.de')
    expect(to).not.toContain('not an address')
    expect(to.length).toBeLessThan(many.length)
    expect(readBack(url).to).toEqual(to)
    expect(readBack(url).fields).toEqual({ subject: 'Hi' })
  })

  it('drafts with no recipient at all, for the user to fill in', () => {
    expect(mailtoUrl({ to: [], subject: 'Hello', body: 'Text' }).url).toBe('mailto:?subject=Hello&body=Text')
  })

  it('tells a URL it could have built from anything else a window might pass off as one', () => {
    expect(isDraftMailto('mailto:jo@example.com?subject=Hi')).toBe(true)
    expect(isDraftMailto('https://example.com/')).toBe(false)
    expect(isDraftMailto('mailto:jo@example.com?body=a b')).toBe(false)
    expect(isDraftMailto('mailto:jo@example.com?body=a\r\nb')).toBe(false)
    expect(isDraftMailto('mailto:jo@example.com?body=100%')).toBe(false)
    expect(isDraftMailto('MAILTO:jo@example.com')).toBe(false)
    expect(isDraftMailto(`mailto:?body=${'a'.repeat(MAILTO_MAX_CHARS)}`)).toBe(false)
  })
})
