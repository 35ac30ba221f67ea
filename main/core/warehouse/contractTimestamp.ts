// A contract timestamp as the wire sources hand it over: the server's text in ISO style, session
// time zone UTC — `2026-11-26 06:05:13.123456+00` (PostgreSQL and Redshift alike, Redshift
// sometimes with trailing zeros: `.5550+00`). The text is kept for the cursor (microseconds
// matter to a keyset) and parsed to milliseconds for everything else.

const TIMESTAMP_TEXT =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?$/

/** Milliseconds since the epoch, or null when the text isn't a finite timestamp. */
export function parseContractTimestamp(text: string): number | null {
  return utcFastPath(text) ?? parseAnyStyle(text)
}

/**
 * What every row of a catch-up carries twice: `2026-11-26 06:05:13[.fraction]+00`, read from
 * its characters (the regular expression and Date.parse cost a fifth of a row's contract
 * check). Anything else, or a date near a month's end or a year before 1000, takes the general
 * path, so both give the same answer (test/core/warehouse/contractTimestamp.test.ts).
 */
function utcFastPath(text: string): number | null {
  const end = text.length - 3
  if (end < 19 || text.charCodeAt(end) !== PLUS || text.charCodeAt(end + 1) !== ZERO) return null
  if (text.charCodeAt(end + 2) !== ZERO) return null
  if (text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH || text.charCodeAt(10) !== SPACE) return null
  if (text.charCodeAt(13) !== COLON || text.charCodeAt(16) !== COLON) return null
  const year = digits(text, 0, 4)
  const month = digits(text, 5, 2)
  const day = digits(text, 8, 2)
  const hour = digits(text, 11, 2)
  const minute = digits(text, 14, 2)
  const second = digits(text, 17, 2)
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 28) return null
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null
  let ms = 0
  if (end > 19) {
    // A fraction: '.' and at least one digit; its first three digits are the milliseconds.
    if (text.charCodeAt(19) !== DOT || end === 20) return null
    for (let i = 20; i < end; i++) {
      const d = text.charCodeAt(i) - ZERO
      if (d < 0 || d > 9) return null
      if (i < 23) ms += d * 10 ** (22 - i)
    }
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms)
}

/** The number in `length` decimal digits at `from`; -1 when one of them is not a digit. */
function digits(text: string, from: number, length: number): number {
  let n = 0
  for (let i = from; i < from + length; i++) {
    const d = text.charCodeAt(i) - ZERO
    if (d < 0 || d > 9) return -1
    n = n * 10 + d
  }
  return n
}

const PLUS = 43
const DASH = 45
const DOT = 46
const ZERO = 48
const COLON = 58
const SPACE = 32

function parseAnyStyle(text: string): number | null {
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
