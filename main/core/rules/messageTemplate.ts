import Mustache from 'mustache'

// Logic-less templates ({{user_name}}). The rendered text is stored raw: each target
// (terminal, HTML, Slack) escapes it its own way, so no HTML escaping happens here.
// Field values are data, never re-parsed as templates, so `{{…}}` inside an event stays text.
// `{{account.Type}}` reads the account's fields: they sit in a context under the event's columns,
// so an event column of its own named `account` still answers `{{account}}` (Mustache looks a
// dotted name up the context stack until one resolves all of it).

const RAW = { escape: (value: unknown) => String(value) }

export interface MessageTemplate {
  render(fields: Record<string, unknown>, account?: Record<string, unknown>): string
}

/** Throws with the parser's reason when the template is malformed. */
export function compileTemplate(source: string): MessageTemplate {
  const tokens = Mustache.parse(source)
  // A template without a tag (most rule names) is its own text: no context or render per match.
  if (tokens.every(([kind]) => kind === 'text')) {
    const text = tokens.map((token) => token[1]).join('')
    return { render: () => text }
  }
  return {
    render: (fields, account = {}) =>
      Mustache.render(source, new Mustache.Context({ account }).push(fields), {}, RAW),
  }
}
