import { describe, expect, it } from 'vitest'
import { isoTime } from '../../shared/isoTime.ts'

const same = (ms: number) => expect(isoTime(ms)).toBe(new Date(ms).toISOString())

describe('isoTime', () => {
  it('is toISOString at the edges of months, years, leap days and centuries', () => {
    for (const year of [1000, 1600, 1700, 1900, 1969, 1970, 2000, 2024, 2026, 2100, 2400, 9999])
      for (let month = 0; month < 12; month++)
        for (const day of [1, 28, 29, 30, 31]) {
          const start = Date.UTC(year, month, day)
          for (const offset of [0, 1, 999, 59_999, 3_599_999, 86_399_999, -1]) same(start + offset)
        }
  })

  it('is toISOString at random times between the years 1000 and 9999', () => {
    let seed = 17
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed / 2 ** 31
    }
    const from = Date.UTC(1000, 0, 1)
    const span = Date.UTC(9999, 11, 31) - from
    for (let i = 0; i < 50_000; i++) same(from + Math.floor(random() * span))
  })

  it('leaves other times to toISOString, which also throws on no time at all', () => {
    for (const ms of [Date.UTC(999, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1), -8.64e15, 8.64e15, 1.5])
      same(ms)
    expect(() => isoTime(Number.NaN)).toThrow(RangeError)
  })
})
