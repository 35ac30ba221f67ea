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
