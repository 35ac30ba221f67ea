// Quiet hours as the settings keep them: local wall-clock times, `HH:MM`.
import { z } from 'zod'

/** `HH:MM`, 00:00–23:59; the groups are the hours and the minutes. */
export const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/

const clockTime = z.string().regex(CLOCK_TIME, 'must be HH:MM')

export const quietHoursSchema = z.strictObject({ enabled: z.boolean(), from: clockTime, to: clockTime })
export type QuietHours = z.infer<typeof quietHoursSchema>
