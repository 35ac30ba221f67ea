// Just enough of CEL's lexical grammar to find `matches(…)` calls and their pattern literals in a
// rule's `when`: identifiers, string literals (their extent: escapes, raw and bytes prefixes, triple
// quotes) and punctuation, each with where it starts in the source.

export interface Token {
  kind: 'ident' | 'string' | 'punct' | 'other'
  text: string
  /** Offset of its first character in the source */
  start: number
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < source.length) {
    const c = source[i] as string
    if (/\s/.test(c)) {
      i++
      continue
    }
    const literal = /^([rRbB]{0,2})('''|"""|'|")/.exec(source.slice(i, i + 5))
    if (literal) {
      const raw = /r/i.test(literal[1] as string)
      const quote = literal[2] as string
      let j = i + literal[0].length
      while (j < source.length && !source.startsWith(quote, j)) j += source[j] === '\\' && !raw ? 2 : 1
      tokens.push({ kind: 'string', text: source.slice(i, j + quote.length), start: i })
      i = j + quote.length
      continue
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], start: i })
      i += ident[0].length
      continue
    }
    tokens.push({ kind: /[().,[\]{}]/.test(c) ? 'punct' : 'other', text: c, start: i })
    i++
  }
  return tokens
}
