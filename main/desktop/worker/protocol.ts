// The messages between the main process and the pipeline worker (an Electron utilityProcess; a
// Node child process in tests). Both sides parse every message with these schemas: a message
// that does not parse is logged and dropped, never acted on. Node-only, no `electron` import.

import { z } from 'zod'
import { latestMomentSchema, noticeMomentSchema } from '../../../shared/notice.ts'
import { desktopPrefsSchema } from '../../../shared/settings/desktopSettings.ts'
import { syncStateSchema } from '../../../shared/syncState.ts'

const id = z.number().int().nonnegative()

export const presenceSchema = z.strictObject({
  idleSeconds: z.number().nonnegative(),
  locked: z.boolean(),
  /** Which of the two this desktop can tell (Linux: not always either) */
  detects: z.strictObject({ idle: z.boolean(), lock: z.boolean() }),
})

export const toWorkerSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('start'),
    userDataDir: z.string().min(1),
    /** Decrypted by main from the vault; kept in the worker's memory only */
    secrets: z.record(z.string(), z.string()),
    /** Whether the vault can store secrets (see safeStorageVault.ts) */
    vault: z.union([
      z.strictObject({ ok: z.literal(true) }),
      z.strictObject({ ok: z.literal(false), reason: z.string() }),
    ]),
  }),
  z.strictObject({ type: z.literal('invoke'), id, channel: z.string(), request: z.unknown() }),
  z.strictObject({ type: z.literal('poll'), reason: z.enum(['user', 'resume', 'online', 'unlock']) }),
  z.strictObject({ type: z.literal('presence'), presence: presenceSchema }),
  /** To a worker `request`: `error` set when it failed */
  z.strictObject({
    type: z.literal('answer'),
    id,
    value: z.unknown().optional(),
    error: z.string().optional(),
  }),
  z.strictObject({ type: z.literal('stop') }),
])

export const workerRequestSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('vault.set'), name: z.string(), value: z.string() }),
  z.strictObject({ op: z.literal('vault.delete'), name: z.string() }),
  /** The OAuth sign-in page in the system browser */
  z.strictObject({ op: z.literal('open.signIn'), url: z.string() }),
  /** A reach-out draft the worker built, in the user's mail client (never sent by Moments) */
  z.strictObject({ op: z.literal('open.mailto'), url: z.string() }),
])

export const fromWorkerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), demo: z.boolean(), warehouse: z.string() }),
  /** The sync state as far as the worker knows it; main adds pause and offline */
  z.strictObject({
    type: z.literal('status'),
    state: syncStateSchema,
    /** The pipeline cannot start with these settings (an error offline does not hide) */
    setupProblem: z.boolean(),
    latest: z.array(latestMomentSchema).max(5),
  }),
  /** The settings main acts on itself: notifications, login item, which links may open */
  z.strictObject({ type: z.literal('prefs'), prefs: desktopPrefsSchema }),
  /** After a poll: the moments it delivered (capped), and how many in all */
  z.strictObject({
    type: z.literal('delivered'),
    moments: z.array(noticeMomentSchema),
    total: z.number().int(),
    /** Some are of accounts newly yours, from before they were: one digest, not a flood */
    digest: z.boolean().optional(),
  }),
  /** To an `invoke`: `error` set when the handler failed */
  z.strictObject({
    type: z.literal('result'),
    id,
    value: z.unknown().optional(),
    error: z.string().optional(),
  }),
  z.strictObject({ type: z.literal('request'), id, request: workerRequestSchema }),
  z.strictObject({
    type: z.literal('log'),
    level: z.enum(['debug', 'info', 'warn', 'error']),
    message: z.string(),
  }),
  z.strictObject({ type: z.literal('fatal'), message: z.string() }),
  z.strictObject({ type: z.literal('stopped') }),
])

export type ToWorker = z.infer<typeof toWorkerSchema>
export type FromWorker = z.infer<typeof fromWorkerSchema>
export type WorkerRequest = z.infer<typeof workerRequestSchema>
export type Presence = z.infer<typeof presenceSchema>

/** Both ends of a message channel, whatever carries it (parentPort, process.send, a fake). */
export interface MessageChannelPort<Out, In> {
  post(message: Out): void
  onMessage(listener: (message: In) => void): void
}

/** Parses an incoming message; `null` (and a note) when it does not fit the protocol. */
export function parseMessage<T>(
  schema: z.ZodType<T>,
  raw: unknown,
  onInvalid: (reason: string) => void,
): T | null {
  const parsed = schema.safeParse(raw)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  onInvalid(issue ? `${issue.path.join('.') || '(message)'}: ${issue.message}` : 'invalid message')
  return null
}
