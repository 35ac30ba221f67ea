import { z } from 'zod'
import { parseDuration } from '../../../shared/duration.ts'

/** A zod field for `0`, `90s`, `15m`, `4h`, `2d`, `1h30m`: parsed to milliseconds. */
export function durationField() {
  return z.union([z.string(), z.number()]).transform((value, ctx) => {
    const ms = parseDuration(value)
    if (ms === null) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(value)} is not a duration (use 0, 90s, 15m, 4h, 2d or 1h30m)`,
      })
      return z.NEVER
    }
    return ms
  })
}
