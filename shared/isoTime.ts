/**
 * `new Date(ms).toISOString()`, for the times of a catch-up: V8 formats that through the C
 * library's printf, and a catch-up formats every row's two times and every moment's three (4 % of
 * its CPU in a profile). The calendar is computed here for years 1000–9999, the dates warehouse rows
 * carry; any other time, or a value that is no time, takes `toISOString` itself (which throws on an
 * invalid date as before). Same text either way (test/shared/isoTime.test.ts).
 */
export function isoTime(ms: number): string {
  if (!(ms >= MIN_FAST && ms < MAX_FAST) || !Number.isInteger(ms)) return new Date(ms).toISOString()
  const days = Math.floor(ms / DAY_MS)
  let rest = ms - days * DAY_MS
  const hour = Math.floor(rest / 3_600_000)
  rest -= hour * 3_600_000
  const minute = Math.floor(rest / 60_000)
  rest -= minute * 60_000
  const second = Math.floor(rest / 1000)
  const milli = rest - second * 1000
  // Days since 1970-01-01 to a civil date (the proleptic Gregorian calendar, as Date uses), in
  // eras of 400 years that start on 1 March.
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  return `${year}-${TWO[month]}-${TWO[day]}T${TWO[hour]}:${TWO[minute]}:${TWO[second]}.${THREE[milli]}Z`
}

const DAY_MS = 86_400_000
/** 1000-01-01T00:00:00.000Z and 10000-01-01T00:00:00.000Z */
const MIN_FAST = -30_610_224_000_000
const MAX_FAST = 253_402_300_800_000
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'))
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'))
