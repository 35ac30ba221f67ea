import { describe, expect, it } from 'vitest'
import { formatDuration, parseDuration } from '../../shared/duration.ts'

describe('durations in moments.yaml and rules.yaml', () => {
  it.each([
    ['0', 0],
    [0, 0],
    ['90s', 90_000],
    ['15m', 900_000],
    ['4h', 14_400_000],
    ['2d', 172_800_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each(['15x', '', 'h', '4 h', '-1m', '1.5h', 15, 'fifteen'])('rejects %s', (text) => {
    expect(parseDuration(text)).toBeNull()
  })

  it('prints the shortest readable form', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m')
    expect(formatDuration(0)).toBe('0')
    expect(formatDuration(172_800_000)).toBe('2d')
  })
})
