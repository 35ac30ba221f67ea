import { describe, expect, it } from 'vitest'
import { parseContractTimestamp } from '../../../main/core/warehouse/contractTimestamp.ts'

// Contract timestamps as PostgreSQL and Redshift print them in ISO style, session time zone UTC.

describe('a contract timestamp', () => {
  it.each([
    ['2026-11-26 06:05:13.123456+00', '2026-11-26T06:05:13.123Z'], // PostgreSQL, microseconds
    ['2026-11-26 06:05:13+00', '2026-11-26T06:05:13.000Z'],
    ['2000-01-01 00:00:00.5550+00', '2000-01-01T00:00:00.555Z'], // Redshift keeps trailing zeros
    ['2008-06-01 09:59:59', '2008-06-01T09:59:59.000Z'], // TIMESTAMP without a zone: UTC
    ['1997-12-17 07:37:16-08', '1997-12-17T15:37:16.000Z'],
    ['2026-11-26 06:05:13.1+05:30', '2026-11-26T00:35:13.100Z'],
    ['2026-11-26T06:05:13.123Z', '2026-11-26T06:05:13.123Z'], // ISO from a JSON-ish source
  ])('%s is %s', (text, iso) => {
    expect(new Date(parseContractTimestamp(text) as number).toISOString()).toBe(iso)
  })

  it.each([
    'infinity',
    '-infinity',
    '4713-01-01 00:00:00+00 BC',
    '12026-11-26 06:05:13+00',
    'Sun Jun 01 09:59:59 2008 UTC', // datestyle Postgres: sessions set ISO, so this never comes
    'yesterday-ish',
  ])('%s is unreadable', (text) => {
    expect(parseContractTimestamp(text)).toBeNull()
  })
})

describe('the UTC text every row carries', () => {
  // Read character by character on the hot path; the general reading is the reference.
  const reference = (text: string) => {
    const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d+)?\+00$/.exec(text)
    if (!match) return null
    const [, y, mo, d, h, mi, s, fraction = ''] = match
    const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${fraction.slice(0, 4)}Z`)
    return Number.isFinite(ms) ? ms : null
  }

  it('reads as the general path does, over every shape it may take', () => {
    let seed = 17
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const pad = (n: number, width: number) => String(n).padStart(width, '0')
    for (let i = 0; i < 20_000; i++) {
      const fraction = ['', '.1', '.12', '.123', '.123456', '.5550', '.'][next(7)] as string
      const text = `${pad(next(3) === 0 ? next(10_000) : 1990 + next(60), 4)}-${pad(next(14), 2)}-${pad(next(33), 2)} ${pad(next(26), 2)}:${pad(next(61), 2)}:${pad(next(61), 2)}${fraction}+00`
      const parsed = parseContractTimestamp(text)
      if (fraction === '.') expect(parsed, text).toBeNull()
      else expect(parsed, text).toBe(reference(text))
    }
  })

  it.each([
    '2026-11-26 06:05:13.12x+00',
    '2026-11-26 06:05:1x+00',
    '2026-11-26 06:05:13.+00',
    '2026-11-26 06:05:13 +00',
    '2026-13-26 06:05:13+00',
    '2026-11-26 -6:05:13+00',
  ])('%s is unreadable', (text) => {
    expect(parseContractTimestamp(text)).toBeNull()
  })

  it('keeps what the general path gives near a month end and before the year 1000', () => {
    expect(new Date(parseContractTimestamp('2026-02-29 10:00:00+00') as number).toISOString()).toBe(
      '2026-03-01T10:00:00.000Z',
    )
    expect(new Date(parseContractTimestamp('0999-12-31 23:59:59.999+00') as number).toISOString()).toBe(
      '0999-12-31T23:59:59.999Z',
    )
  })
})
