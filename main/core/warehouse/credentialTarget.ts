// Which server and account a warehouse password is for: host, port, user and database, as the
// client will connect (for postgres:// as pg-connection-string reads it, where `?host=`, `?port=`
// and `?user=` win over the URL's own). A saved password is given only to the target it was saved
// for; anything else — another host, another port, another user — must be given it again.
import { parse } from 'pg-connection-string'
import { REDSHIFT_PORT } from './sources/redshift/redshiftConnection.ts'

const POSTGRES_PORT = 5432

// pg-connection-string reads these files while it parses: the target does not depend on them.
const FILE_PARAMETERS = ['sslcert', 'sslkey', 'sslrootcert'] as const

export interface CredentialTarget {
  host: string
  port: number
  user: string
  database: string
}

/** The target of a warehouse URL; null when it cannot be read. */
export function credentialTarget(url: string): CredentialTarget | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  const scheme = parsed.protocol.replace(/:$/, '').toLowerCase()
  if (scheme === 'redshift') {
    return {
      host: parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase(),
      port: parsed.port ? Number(parsed.port) : REDSHIFT_PORT,
      user: decodeURIComponent(parsed.username),
      database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'dev',
    }
  }
  if (scheme !== 'postgres' && scheme !== 'postgresql') return null
  for (const name of FILE_PARAMETERS) parsed.searchParams.delete(name)
  const config = parse(parsed.toString())
  return {
    host: (config.host ?? 'localhost').replace(/^\[|\]$/g, '').toLowerCase(),
    port: config.port ? Number(config.port) : POSTGRES_PORT,
    user: config.user ?? '',
    database: config.database ?? '',
  }
}

/** One string per target, to store and compare: `reader@wh.example.com:5432/analytics`. */
export function targetKey(target: CredentialTarget): string {
  return `${target.user}@${target.host}:${target.port}/${target.database}`
}

/** The key of a URL's target, or null. */
export function credentialTargetKey(url: string): string | null {
  const target = credentialTarget(url)
  return target ? targetKey(target) : null
}
