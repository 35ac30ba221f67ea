import { readRegularFile, UnreadableFile } from '../config/regularFile.ts'
import type { EventSource, SourceSettings } from './eventSource.ts'
import { openPostgresSource } from './sources/postgres/postgresSource.ts'
import { CERTIFICATE_MAX_BYTES, redshiftUrlProblem } from './sources/redshift/redshiftConnection.ts'
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
  return kind.urlProblem(url) ?? certificateFileProblem(url)
}

// The client reads these files when it connects (pg-connection-string as it parses): a FIFO or
// /dev/zero there would hang the poller, or the desktop's worker on a window's "Test connection".
const FILE_PARAMETERS = ['sslcert', 'sslkey', 'sslrootcert']

function certificateFileProblem(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  for (const name of FILE_PARAMETERS) {
    const path = parsed.searchParams.get(name)
    if (path === null) continue
    try {
      readRegularFile(path, CERTIFICATE_MAX_BYTES)
    } catch (error) {
      if (!(error instanceof UnreadableFile)) throw error
      return `${name}=${path}: cannot read it: ${error.message}`
    }
  }
  return null
}

/** A reader of the warehouse at `settings.url`; it connects on first use. */
export function openEventSource(settings: SourceSettings): EventSource {
  const kind = kindOf(settings.url)
  const problem = warehouseUrlProblem(settings.url)
  if (!kind || problem) throw new Error(`warehouse.url ${problem}`)
  return kind.open(settings)
}
