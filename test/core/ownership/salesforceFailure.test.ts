import { describe, expect, it } from 'vitest'
import { parseRetryAfter } from '../../../main/core/ownership/salesforceFailure.ts'

describe('Retry-After', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('2')).toBe(2_000)
  })

  it('reads an HTTP date as the time left until then', () => {
    const now = Date.parse('2026-01-05T09:00:00Z')
    expect(parseRetryAfter('Mon, 05 Jan 2026 09:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Mon, 05 Jan 2026 08:00:00 GMT', now)).toBe(0)
  })

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined()
    expect(parseRetryAfter('soon')).toBeUndefined()
  })
})
