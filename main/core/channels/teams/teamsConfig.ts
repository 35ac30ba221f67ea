import { z } from 'zod'
import { durationField } from '../../config/durationField.ts'

// moments.yaml's `teams:` section. Strict: a misspelt key is an error that names it.

export const teamsSchema = z
  .strictObject({
    /**
     * A Teams Workflows webhook ("Send webhook alerts to a channel": When a Teams webhook request
     * is received). Its `sig` parameter is the secret: write it as env:NAME.
     */
    webhookUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    /** A forward not delivered within this age is given up and marked failed. */
    maxAge: durationField().default(86_400_000),
    /** The least time between two messages to the channel. */
    pace: durationField().default(1_000),
    /** Per request. */
    timeout: durationField().default(10_000),
    /** How long `run --once` keeps delivering queued forwards before it exits. */
    drainTimeout: durationField().default(30_000),
  })
  .superRefine((teams, ctx) => {
    for (const key of ['maxAge', 'timeout'] as const) {
      if (teams[key] <= 0) ctx.addIssue({ code: 'custom', path: [key], message: 'must be longer than 0' })
    }
  })

export type TeamsSettings = z.infer<typeof teamsSchema>
