// Slack's mrkdwn treats `<…>` as a control sequence (`<!channel>`, `<@U123>`, `<https://x|y>`) and
// `&` as the start of an entity. Event text is untrusted: escaping exactly these three characters
// (Slack's rule; other entities are not decoded) makes it arrive as the text it was.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }

export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (char) => ENTITIES[char] as string)
}

export const ELLIPSIS = '…'

/**
 * Escapes `text` and cuts it, with an ellipsis, so the result has at most `limit` UTF-16 code units
 * (Slack's field limits). The cut falls between characters: never inside an entity such as `&amp;`
 * nor between the halves of a surrogate pair.
 */
export function escapeAndFit(text: string, limit: number): string {
  const escaped = escapeMrkdwn(text)
  if (escaped.length <= limit) return escaped
  return fitPieces(Array.from(text, escapeMrkdwn), limit)
}

/** `text` as it is (plain_text fields are not parsed for markup), cut with an ellipsis to `limit`. */
export function fitPlain(text: string, limit: number): string {
  if (text.length <= limit) return text
  return fitPieces(Array.from(text), limit)
}

function fitPieces(pieces: string[], limit: number): string {
  const room = limit - ELLIPSIS.length
  let out = ''
  for (const piece of pieces) {
    if (out.length + piece.length > room) break
    out += piece
  }
  return out.trimEnd() + ELLIPSIS
}
