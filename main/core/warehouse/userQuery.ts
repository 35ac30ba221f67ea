// `warehouse.query` goes inside Moments' own statements as a subquery: `FROM (<query>) AS enriched`.
// What may end it must not break the wrapper: a trailing `-- comment` would comment out the closing
// parenthesis, a trailing `;` would end the statement early. Both are cut; anything else, a second
// statement included, stays and fails as SQL (one statement per Parse, see wire/wireSession.ts).

/** The query without its trailing semicolons, comments and blanks. */
export function queryBody(query: string): string {
  let text = query
  for (;;) {
    const end = significantEnd(text)
    if (end > 0 && text[end - 1] === ';') text = text.slice(0, end - 1)
    else return text.slice(0, end)
  }
}

/** `(<query>)`, safe whatever the query ends with. */
export function subquery(query: string): string {
  return `(\n${queryBody(query)}\n)`
}

/** The index just after the last character that is neither blank nor in a comment. */
function significantEnd(text: string): number {
  let end = 0
  let i = 0
  while (i < text.length) {
    const c = text[i] as string
    const next = text[i + 1]
    if (c === '-' && next === '-') {
      const newline = text.indexOf('\n', i)
      i = newline === -1 ? text.length : newline + 1
    } else if (c === '/' && next === '*') {
      i = blockCommentEnd(text, i)
    } else if (c === "'") {
      const escapes = /[eE]/.test(text[i - 1] ?? '') && !/\w/.test(text[i - 2] ?? '')
      i = quotedEnd(text, i, "'", escapes)
      end = i
    } else if (c === '"') {
      i = quotedEnd(text, i, '"', false)
      end = i
    } else if (c === '$' && !/\w/.test(text[i - 1] ?? '')) {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i))?.[0]
      if (tag) {
        const close = text.indexOf(tag, i + tag.length)
        i = close === -1 ? text.length : close + tag.length
      } else i++
      end = i
    } else {
      i++
      if (!/\s/.test(c)) end = i
    }
  }
  return end
}

/** Block comments nest in PostgreSQL. */
function blockCommentEnd(text: string, start: number): number {
  let depth = 0
  let i = start
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      depth++
      i += 2
    } else if (text.startsWith('*/', i)) {
      depth--
      i += 2
      if (depth === 0) return i
    } else i++
  }
  return text.length
}

/** After a quoted string or identifier; a doubled quote is one quote, `\` escapes in E'…'. */
function quotedEnd(text: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1
  while (i < text.length) {
    const c = text[i]
    if (backslashEscapes && c === '\\') i += 2
    else if (c === quote && text[i + 1] === quote) i += 2
    else if (c === quote) return i + 1
    else i++
  }
  return text.length
}
