// Teams renders a card's TextBlock and fact texts as markdown: `**bold**`, `_italic_`, lists,
// headings, `[text](url)` links. Event text is untrusted, so every character that could start
// markdown, a link, an HTML-ish tag (`<at>`) or a card template (`{{DATE(…)}}`) is escaped with a
// backslash (CommonMark: a backslash before ASCII punctuation makes it literal), and the text
// arrives as it was. Cards carry no mention entities, so no text can mention anyone.

const SPECIAL = /[\\`*_[\](){}#+\-.!<>&~|]/g

export function escapeTeamsMarkdown(text: string): string {
  return text.replace(SPECIAL, (char) => `\\${char}`)
}

export const ELLIPSIS = '…'

/**
 * Escapes `text` and cuts it, with an ellipsis, to at most `limit` UTF-16 code units, never
 * between a backslash and the character it escapes nor inside a surrogate pair.
 */
export function escapeAndFit(text: string, limit: number): string {
  const escaped = escapeTeamsMarkdown(text)
  if (escaped.length <= limit) return escaped
  const room = limit - ELLIPSIS.length
  let out = ''
  for (const piece of Array.from(text, escapeTeamsMarkdown)) {
    if (out.length + piece.length > room) break
    out += piece
  }
  return out.trimEnd() + ELLIPSIS
}

/** One line: a title or a fact's value. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
