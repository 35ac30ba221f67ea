// A contract timestamp as the wire sources hand it over: the server's text in ISO style, session
// time zone UTC — `2026-11-26 06:05:13.123456+00` (PostgreSQL and Redshift alike, Redshift
// sometimes with trailing zeros: `.5550+00`). The text is kept for the cursor (microseconds
// matter to a keyset) and parsed to milliseconds for everything else.

const TIMESTAMP_TEXT =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?$/

/** Milliseconds since the epoch, or null when the text isn't a finite timestamp. */
export function parseContractTimestamp(text: string): number | null {
  const match = TIMESTAMP_TEXT.exec(text.trim())
  if (!match) return null
  const [, date, time, zone] = match
  const fraction = (time as string).replace(/(\.\d{3})\d+$/, '$1')
  const ms = Date.parse(`${date}T${fraction}${normaliseZone(zone)}`)
  return Number.isFinite(ms) ? ms : null
}

function normaliseZone(zone: string | undefined): string {
  if (!zone || zone === 'Z') return 'Z' // timestamp without time zone: read as UTC
  const [, sign, hours, minutes = '00'] = /^([+-])(\d{2}):?(\d{2})?/.exec(zone) ?? []
  return `${sign}${hours}:${minutes}`
}
