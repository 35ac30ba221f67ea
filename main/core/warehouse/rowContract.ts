import { isoTime } from '../../../shared/isoTime.ts'
import type { EventFields } from '../../../shared/moment.ts'
import { parseContractTimestamp } from './contractTimestamp.ts'
import type { WarehouseEvent } from './warehouseEvent.ts'

// The warehouse contract (docs/warehouse-contract.md), checked row by row: a row that breaks it is skipped and
// counted by kind, never a crash, and the rest of the batch goes on.

export const REQUIRED_COLUMNS = [
  'event_id',
  'loaded_at',
  'occurred_at',
  'source',
  'event_type',
  'account_id',
  'account_name',
] as const

export type RowRejection =
  | 'missing-event-id'
  | 'bad-event-id'
  | 'bad-loaded-at'
  | 'future-loaded-at'
  | 'bad-occurred-at'
  | 'missing-source'
  | 'bad-source'
  | 'missing-event-type'
  | 'bad-event-type'
  | 'bad-account-id'
  | 'bad-account-name'

/** A row taken, but not as it was: counted apart from the skipped ones. */
export type RowAdjustment = 'future-occurred-at'

export type RowVerdict =
  | { ok: true; event: WarehouseEvent; adjusted: RowAdjustment | null }
  | {
      ok: false
      kind: RowRejection
      eventId: string | null
      /** The row's load time when it has a readable one: how long the lookback may bring it back */
      loadedAtMs: number | null
    }

export interface RowCheckOptions {
  /**
   * Polls only: a row loaded after this (epoch ms) is not taken yet. Its load time would become the
   * cursor and every real row loaded before it would be skipped; held, it is taken when its time comes.
   */
  heldAfter?: number
}

/** A single field larger than this is cut: a 10 MB log line must not become a 10 MB notification. */
export const MAX_FIELD_CHARS = 256 * 1024

/** An id is a key, not a payload: a longer one would be stored, hashed and sent back as the cursor. */
const MAX_EVENT_ID_CHARS = 4_096

/** An event more than this after its own load time (a source clock gone wrong) is recorded at its load time. */
const OCCURRED_AFTER_LOAD_TOLERANCE_MS = 3_600_000

export function checkRow(row: Record<string, unknown>, options: RowCheckOptions = {}): RowVerdict {
  const loadedAtRaw = timestampText(row.loaded_at)
  const loadedAt = loadedAtRaw === null ? null : parseContractTimestamp(loadedAtRaw)
  const eventId = idText(row.event_id)
  if (row.event_id === null || row.event_id === undefined || eventId === '')
    return reject('missing-event-id', null, loadedAt)
  if (eventId === null || eventId.length > MAX_EVENT_ID_CHARS) return reject('bad-event-id', null, loadedAt)
  if (loadedAtRaw === null || loadedAt === null) return reject('bad-loaded-at', eventId, null)
  if (options.heldAfter !== undefined && loadedAt > options.heldAfter)
    return reject('future-loaded-at', eventId, loadedAt)
  const occurredAtRaw = timestampText(row.occurred_at)
  let occurredAt = occurredAtRaw === null ? null : parseContractTimestamp(occurredAtRaw)
  if (occurredAt === null) return reject('bad-occurred-at', eventId, loadedAt)
  let adjusted: RowAdjustment | null = null
  if (occurredAt > loadedAt + OCCURRED_AFTER_LOAD_TOLERANCE_MS) {
    // Kept, but at its load time: a moment dated 2100 would sit on top of the history for good.
    occurredAt = loadedAt
    adjusted = 'future-occurred-at'
  }

  const source = requiredText(row.source)
  if (source !== 'ok') return reject(`${source}-source`, eventId, loadedAt)
  const eventType = requiredText(row.event_type)
  if (eventType !== 'ok') return reject(`${eventType}-event-type`, eventId, loadedAt)
  const accountId = row.account_id
  if (accountId !== null && accountId !== undefined && typeof accountId !== 'string') {
    return reject('bad-account-id', eventId, loadedAt)
  }
  const accountName = row.account_name
  if (accountName !== null && accountName !== undefined && typeof accountName !== 'string') {
    return reject('bad-account-name', eventId, loadedAt)
  }

  const fields = toFields(row)
  fields.event_id = eventId
  fields.loaded_at = isoTime(loadedAt)
  fields.occurred_at = isoTime(occurredAt)
  return {
    ok: true,
    adjusted,
    event: {
      eventId,
      loadedAtRaw,
      loadedAt: new Date(loadedAt),
      occurredAt: new Date(occurredAt),
      source: cut(row.source as string),
      eventType: cut(row.event_type as string),
      accountId: accountId ? accountId : null,
      accountName: typeof accountName === 'string' ? cut(accountName) : null,
      fields,
    },
  }
}

function reject(kind: RowRejection, eventId: string | null, loadedAtMs: number | null): RowVerdict {
  return { ok: false, kind, eventId, loadedAtMs }
}

/** event_id is text by contract; a whole number (a bigint key) is accepted as its decimal text. */
function idText(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
  if (typeof value === 'bigint') return value.toString()
  return null
}

function timestampText(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (value instanceof Date && Number.isFinite(value.getTime())) return value.toISOString()
  return null
}

/** `missing`: NULL or empty; `bad`: not text at all (a number, a JSON object…). */
function requiredText(value: unknown): 'ok' | 'missing' | 'bad' {
  if (value === null || value === undefined || value === '') return 'missing'
  return typeof value === 'string' ? 'ok' : 'bad'
}

/** Every column, JSON-safe: nested values become JSON text, huge text is cut. */
function toFields(row: Record<string, unknown>): EventFields {
  const fields: EventFields = {}
  // for…in over a row pg made (a plain object, own keys only): no entry arrays per row.
  for (const key in row) fields[key] = toField(row[key])
  return fields
}

function toField(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return value.length > MAX_FIELD_CHARS ? cut(value) : value
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value)
  if (typeof value === 'boolean') return value
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.toISOString() : null
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex').slice(0, MAX_FIELD_CHARS)}`
  return cut(JSON.stringify(value) ?? String(value))
}

function cut(text: string): string {
  return text.length > MAX_FIELD_CHARS
    ? `${text.slice(0, MAX_FIELD_CHARS)}… (cut, ${text.length} characters)`
    : text
}
