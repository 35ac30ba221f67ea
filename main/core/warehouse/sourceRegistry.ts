import type { EventSource, SourceSettings } from './eventSource.ts'
import { openPostgresSource } from './sources/postgres/postgresSource.ts'
import { redshiftUrlProblem } from './sources/redshift/redshiftConnection.ts'
import { openRedshiftSource } from './sources/redshift/redshiftSource.ts'

export interface SourceKind {
  /** For messages: "PostgreSQL", "Redshift" */
  name: string
  /** What is wrong with a URL of this kind, or null (config and settings validation) */
  urlProblem(url: string): string | null
  open(settings: SourceSettings): EventSource
}

/**
 * The warehouses Moments reads, by URL scheme. Adding one (Snowflake, BigQuery…) is one folder
 * under sources/ implementing EventSource, and one entry here.
 */
export const SOURCES: Record<string, SourceKind> = {
  postgres: { name: 'PostgreSQL', urlProblem: () => null, open: openPostgresSource },
  postgresql: { name: 'PostgreSQL', urlProblem: () => null, open: openPostgresSource },
  redshift: { name: 'Redshift', urlProblem: redshiftUrlProblem, open: openRedshiftSource },
}

export const SOURCE_SCHEMES = Object.keys(SOURCES)

function kindOf(url: string): SourceKind | null {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase()
  return (scheme && SOURCES[scheme]) || null
}

/** What is wrong with a warehouse URL, or null. */
export function warehouseUrlProblem(url: string): string | null {
  const kind = kindOf(url)
  if (!kind) return `must be a ${SOURCE_SCHEMES.map((s) => `${s}://`).join(', ')} URL`
  return kind.urlProblem(url)
}

/** A reader of the warehouse at `settings.url`; it connects on first use. */
export function openEventSource(settings: SourceSettings): EventSource {
  const kind = kindOf(settings.url)
  if (!kind) throw new Error(`warehouse.url ${warehouseUrlProblem(settings.url)}`)
  return kind.open(settings)
}
