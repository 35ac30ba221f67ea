// CEL's `matches` runs a JavaScript RegExp over event text, which is untrusted. A pattern that
// repeats a group that itself repeats — (a+)+, (x*y?)* — backtracks exponentially on a crafted
// string: forty characters would hold a poll for hours, on every restart. Such patterns, and
// patterns that are not literals (taken from the event itself), are refused when the rule loads.

/** A reason to refuse `when`, or null when every `matches` pattern in it is a safe literal. */
export function unsafePattern(expression: string): string | null {
  const tokens = tokenize(expression)
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token
    if (token.kind !== 'ident' || token.text !== 'matches' || tokens[i + 1]?.text !== '(') continue
    // `text.matches(p)`, or the global form `matches(text, p)`
    const method = tokens[i - 1]?.text === '.'
    const pattern = method ? tokens[i + 2] : argumentAfterComma(tokens, i + 2)
    if (pattern?.kind !== 'string' || !isArgumentEnd(pattern, tokens)) {
      return 'matches() takes a literal pattern ("…"): a pattern from the event could take forever to run'
    }
    const nested = nestedRepetition(pattern.value)
    if (nested) {
      return `the pattern ${JSON.stringify(pattern.value)} repeats ${nested}, which itself repeats: on some text that can take exponential time and stall polling; rewrite it without the nesting`
    }
  }
  return null
}

interface Token {
  kind: 'ident' | 'string' | 'punct' | 'other'
  text: string
  /** The literal's value, for strings */
  value: string
  /** Index of the token after it */
  next: number
}

function argumentAfterComma(tokens: Token[], from: number): Token | undefined {
  let depth = 0
  for (let i = from; i < tokens.length; i++) {
    const text = (tokens[i] as Token).text
    if (text === '(' || text === '[' || text === '{') depth++
    else if (text === ')' || text === ']' || text === '}') {
      if (depth === 0) return undefined
      depth--
    } else if (text === ',' && depth === 0) return tokens[i + 1]
  }
  return undefined
}

/** The literal is the whole argument: `"p")`, not `"p" + x)`. */
function isArgumentEnd(token: Token, tokens: Token[]): boolean {
  const after = tokens[token.next]?.text
  return after === ')' || after === ','
}

function tokenize(source: string): Token[] {
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
      let value = ''
      while (j < source.length && !source.startsWith(quote, j)) {
        if (source[j] === '\\' && !raw) {
          value += unescapedChar(source[j + 1] ?? '')
          j += 2
        } else {
          value += source[j]
          j++
        }
      }
      tokens.push({ kind: 'string', text: source.slice(i, j + quote.length), value, next: tokens.length + 1 })
      i = j + quote.length
      continue
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], value: ident[0], next: tokens.length + 1 })
      i += ident[0].length
      continue
    }
    tokens.push({
      kind: /[().,[\]{}]/.test(c) ? 'punct' : 'other',
      text: c,
      value: c,
      next: tokens.length + 1,
    })
    i++
  }
  return tokens
}

function unescapedChar(c: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" }
  return simple[c] ?? `\\${c}`
}

/**
 * The first group that is repeated while something inside it repeats too (star height above
 * one), as written; null when there is none. Character classes and escapes are skipped.
 */
function nestedRepetition(pattern: string): string | null {
  // Per open group: where it starts, and whether something inside it repeats.
  const groups: Array<{ start: number; repeats: boolean }> = []
  let lastGroup: { start: number; end: number; repeats: boolean } | null = null
  let i = 0
  while (i < pattern.length) {
    const c = pattern[i] as string
    if (c === '\\') {
      i += 2
      lastGroup = null
      continue
    }
    if (c === '[') {
      i++
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1
      i++
      lastGroup = null
      continue
    }
    if (c === '(') {
      groups.push({ start: i, repeats: false })
      i++
      continue
    }
    if (c === ')') {
      const group = groups.pop()
      i++
      if (group) lastGroup = { start: group.start, end: i, repeats: group.repeats }
      continue
    }
    const quantifier = /^(?:[*+]|\{\d*,\d*\}|\{\d+\})/.exec(pattern.slice(i))
    if (quantifier) {
      const unbounded = quantifier[0] === '*' || quantifier[0] === '+' || /,\}$/.test(quantifier[0])
      const many = unbounded || Number(/(\d+)\}$/.exec(quantifier[0])?.[1] ?? 0) > 1
      if (many && lastGroup?.repeats) return pattern.slice(lastGroup.start, lastGroup.end)
      // Every open group now holds something that repeats.
      if (many) for (const group of groups) group.repeats = true
      i += quantifier[0].length
      if (pattern[i] === '?') i++
      lastGroup = null
      continue
    }
    lastGroup = null
    i++
  }
  return null
}
