/**
 * A `mailto:` URL (RFC 6068) for a drafted e-mail: the mail client opens it, the user sends it.
 *
 * - Recipients are addr-specs checked as e-mail addresses; the local part is percent-encoded
 *   (`+` too: some handlers read a bare `+` as a space), an international domain goes in its
 *   IDNA (punycode) form, as RFC 6068 §2 asks.
 * - `subject` and `body` are hfvalues encoded as encodeURIComponent does: every `&`, `=`, `%`,
 *   `#` and space is escaped, so event text can't add a header (`&cc=`, `&bcc=`) or end one early.
 *   Line breaks in the body are CRLF (`%0D%0A`, RFC 6068 §5); the subject is one line, so a
 *   line break can't smuggle a header into clients that decode before they parse.
 * - The whole URL is capped at MAILTO_MAX_CHARS: Outlook on Windows takes at most 2,046
 *   characters of a `mailto:` URL handed over by the shell, and Chrome's handler hand-off fails
 *   near 2,000. The body is cut first, on a character boundary, with "…"; then the subject; then
 *   recipients beyond MAX_RECIPIENT_CHARS are left out (the user can add them).
 */
import { domainToASCII } from 'node:url'
import { z } from 'zod'
import { CONTROL_BUT_TAB_AND_NEWLINE, CONTROL_RUNS } from '../../../shared/controlCharacters.ts'

export const MAILTO_MAX_CHARS = 2_000
const MAX_RECIPIENT_CHARS = 500
const MAX_SUBJECT_CHARS = 400
const ELLIPSIS = '…'

const emailAddress = z.email()

export interface MailDraft {
  to: readonly string[]
  subject: string
  body: string
}

export interface Mailto {
  url: string
  /** The addresses in the URL (invalid ones and those beyond the cap are left out) */
  to: string[]
  /** The body or the subject had to be cut to fit */
  cut: boolean
}

export function mailtoUrl(draft: MailDraft): Mailto {
  const to: string[] = []
  let toPart = ''
  for (const address of draft.to) {
    const encoded = encodedAddress(address)
    if (encoded === null || to.includes(encoded.address)) continue
    const next = toPart ? `${toPart},${encoded.text}` : encoded.text
    if (next.length > MAX_RECIPIENT_CHARS) break
    to.push(encoded.address)
    toPart = next
  }
  const subject = cutEncoded(oneLine(draft.subject), MAX_SUBJECT_CHARS)
  const head = `mailto:${toPart}`
  const subjectPart = subject.text ? `subject=${subject.encoded}` : ''
  const fixed = head.length + 1 + subjectPart.length + (subjectPart ? 1 : 0) + 'body='.length
  const body = cutEncoded(crlf(draft.body), Math.max(0, MAILTO_MAX_CHARS - fixed))
  const fields = [subjectPart, body.text ? `body=${body.encoded}` : ''].filter((part) => part !== '')
  const url = fields.length ? `${head}?${fields.join('&')}` : head
  return { url, to, cut: subject.cut || body.cut }
}

/** True for a URL this module could have built: what the desktop's main process lets through. */
export function isDraftMailto(url: string): boolean {
  return (
    url.length <= MAILTO_MAX_CHARS &&
    // RFC 3986 characters only: every other one (space, line break, quote) arrives percent-encoded.
    /^mailto:[A-Za-z0-9\-._~!$'()*+,;:@%]*(?:\?[A-Za-z0-9\-._~!$'()*+,;:@%=&/?]*)?$/.test(url) &&
    !/%(?![0-9A-F]{2})/.test(url)
  )
}

/** The address as checked (domain in IDNA form) and as it goes in the URL; null when it is no address. */
function encodedAddress(raw: string): { address: string; text: string } | null {
  const trimmed = raw.trim()
  const at = trimmed.lastIndexOf('@')
  if (at <= 0) return null
  const local = trimmed.slice(0, at)
  const domain = domainToASCII(trimmed.slice(at + 1))
  const address = `${local}@${domain}`
  if (!domain || !emailAddress.safeParse(address).success) return null
  return { address, text: `${encodeURIComponent(local)}@${domain}` }
}

/** A header line: control characters (line breaks included) become spaces, runs of them one. */
function oneLine(text: string): string {
  return wellFormed(text).replace(CONTROL_RUNS, ' ').replace(/ {2,}/g, ' ').trim()
}

/** Body text: every line break as CRLF; other control characters but tabs dropped. */
function crlf(text: string): string {
  return wellFormed(text)
    .replace(/\r\n|\r|\n|\u2028|\u2029/g, '\n')
    .replace(CONTROL_BUT_TAB_AND_NEWLINE, '')
    .replace(/\n/g, '\r\n')
}

/** encodeURIComponent throws on a lone surrogate (broken event text): U+FFFD instead. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
}

/**
 * The longest start of `text`, whole characters (code points) only, whose encoding fits
 * `maxEncoded`; cut ones end in "…".
 */
function cutEncoded(text: string, maxEncoded: number): { text: string; encoded: string; cut: boolean } {
  const whole = encodeURIComponent(text)
  if (whole.length <= maxEncoded) return { text, encoded: whole, cut: false }
  const room = maxEncoded - encodeURIComponent(ELLIPSIS).length
  if (room < 0) return { text: '', encoded: '', cut: true }
  let kept = ''
  let encoded = ''
  for (const char of text) {
    const next = encodeURIComponent(char)
    if (encoded.length + next.length > room) break
    kept += char
    encoded += next
  }
  // A CR without its LF would be a lone line break: keep them together.
  if (kept.endsWith('\r')) {
    kept = kept.slice(0, -1)
    encoded = encoded.slice(0, -3)
  }
  return { text: kept + ELLIPSIS, encoded: encoded + encodeURIComponent(ELLIPSIS), cut: true }
}
