// The sync state the tray, the history header and the windows show. One zod schema: the pipeline
// worker's messages are parsed with it, and the type every side uses is inferred from it.
import { z } from 'zod'

export const SYNC_PHASES = ['idle', 'syncing', 'catching-up', 'error', 'paused', 'offline'] as const
export type SyncPhase = (typeof SYNC_PHASES)[number]

export const syncStateSchema = z.strictObject({
  phase: z.enum(SYNC_PHASES),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  catchUp: z
    .strictObject({ percent: z.number().min(0).max(100), rows: z.number().int().nonnegative() })
    .nullable(),
  pausedUntil: z.string().nullable(),
  demo: z.boolean(),
  unread: z.number().int().nonnegative(),
})
export type SyncState = z.infer<typeof syncStateSchema>
