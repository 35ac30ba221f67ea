import type { EventFields } from '../../../shared/moment.ts'

/** One enriched event row that honours the warehouse contract (docs/warehouse-contract.md). */
export interface WarehouseEvent {
  eventId: string
  /** The poll cursor, exactly as PostgreSQL printed it (microseconds kept), session time zone UTC. */
  loadedAtRaw: string
  loadedAt: Date
  occurredAt: Date
  source: string
  eventType: string
  /** null: unmatched, counted and skipped */
  accountId: string | null
  accountName: string | null
  /** Every column of the row (contract columns included), JSON-safe, for rules and the detail pane. */
  fields: EventFields
}
