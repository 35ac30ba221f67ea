import Mustache from 'mustache'

// Logic-less templates ({{user_name}}). The rendered text is stored raw: each target
// (terminal, HTML, Slack) escapes it its own way, so no HTML escaping happens here.
// Field values are data, never re-parsed as templates, so `{{…}}` inside an event stays text.

const RAW = { escape: (value: unknown) => String(value) }

export interface MessageTemplate {
  render(fields: Record<string, unknown>): string
}

/** Throws with the parser's reason when the template is malformed. */
export function compileTemplate(source: string): MessageTemplate {
  Mustache.parse(source)
  return {
    render: (fields) => Mustache.render(source, fields, {}, RAW),
  }
}
