import type { EventFields } from '../../../shared/moment.ts'
import { parsePgTimestamp } from './pgTimestamp.ts'
import type { WarehouseEvent } from './warehouseEvent.ts'

// The warehouse contract of DESIGN.md, checked row by row: a row that breaks it is skipped and
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
  | 'bad-occurred-at'
  | 'missing-source'
  | 'missing-event-type'
  | 'bad-account-id'
  | 'bad-account-name'

export type RowVerdict =
  | { ok: true; event: WarehouseEvent }
  | { ok: false; kind: RowRejection; eventId: string | null }

/** A single field larger than this is cut: a 10 MB log line must not become a 10 MB notification. */
export const MAX_FIELD_CHARS = 256 * 1024

export function checkRow(row: Record<string, unknown>): RowVerdict {
  const eventId = idText(row.event_id)
  if (row.event_id === null || row.event_id === undefined || eventId === '')
    return reject('missing-event-id', null)
  if (eventId === null) return reject('bad-event-id', null)

  const loadedAtRaw = timestampText(row.loaded_at)
  const loadedAt = loadedAtRaw === null ? null : parsePgTimestamp(loadedAtRaw)
  if (loadedAtRaw === null || loadedAt === null) return reject('bad-loaded-at', eventId)
  const occurredAtRaw = timestampText(row.occurred_at)
  const occurredAt = occurredAtRaw === null ? null : parsePgTimestamp(occurredAtRaw)
  if (occurredAt === null) return reject('bad-occurred-at', eventId)

  if (!nonEmptyText(row.source)) return reject('missing-source', eventId)
  if (!nonEmptyText(row.event_type)) return reject('missing-event-type', eventId)
  const accountId = row.account_id
  if (accountId !== null && accountId !== undefined && typeof accountId !== 'string') {
    return reject('bad-account-id', eventId)
  }
  const accountName = row.account_name
  if (accountName !== null && accountName !== undefined && typeof accountName !== 'string') {
    return reject('bad-account-name', eventId)
  }

  const fields = toFields(row)
  fields.event_id = eventId
  fields.loaded_at = new Date(loadedAt).toISOString()
  fields.occurred_at = new Date(occurredAt).toISOString()
  return {
    ok: true,
    event: {
      eventId,
      loadedAtRaw,
      loadedAt: new Date(loadedAt),
      occurredAt: new Date(occurredAt),
      source: row.source as string,
      eventType: row.event_type as string,
      accountId: accountId ? accountId : null,
      accountName: typeof accountName === 'string' ? accountName : null,
      fields,
    },
  }
}

function reject(kind: RowRejection, eventId: string | null): RowVerdict {
  return { ok: false, kind, eventId }
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

function nonEmptyText(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0
}

/** Every column, JSON-safe: nested values become JSON text, huge text is cut. */
function toFields(row: Record<string, unknown>): EventFields {
  const fields: EventFields = {}
  for (const [key, value] of Object.entries(row)) fields[key] = toField(value)
  return fields
}

function toField(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return cut(value)
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
