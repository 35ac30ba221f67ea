import type tls from 'node:tls'
import { readRegularFile } from '../../../config/regularFile.ts'
import { redactUrl } from '../../warehouseErrors.ts'
import { isLoopback } from '../../warehouseKey.ts'
import type { SocketPlan } from '../../wire/guardedSocket.ts'
import type { WirePlan } from '../../wire/wireSession.ts'

// `redshift://user:password@cluster.abc123.eu-west-1.redshift.amazonaws.com:5439/analytics?sslmode=verify-full`
// as a wire plan. sslmode means what it means to libpq; without it, TLS with the certificate and
// host name checked (Redshift's certificates chain to Amazon's roots, which Node trusts), except
// on this machine (a local stand-in, an SSH tunnel), where the tunnel is the encryption.

export const REDSHIFT_PORT = 5439

/** A certificate file (PEM) is a few kilobytes; a chain of several stays far below this. */
export const CERTIFICATE_MAX_BYTES = 262_144

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const
type SslMode = (typeof SSL_MODES)[number]

const KNOWN_PARAMETERS = new Set(['sslmode', 'sslrootcert'])

/** What is wrong with a redshift:// URL, or null. */
export function redshiftUrlProblem(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'is not a URL'
  }
  if (!parsed.hostname) return 'names no host'
  for (const [name, value] of parsed.searchParams) {
    if (!KNOWN_PARAMETERS.has(name)) return `has an unknown parameter ${name} (known: sslmode, sslrootcert)`
    if (name === 'sslmode' && !(SSL_MODES as readonly string[]).includes(value))
      return `sslmode=${value}: use one of ${SSL_MODES.join(', ')}`
  }
  return null
}

/** A redshift:// (or postgres:// that reached Redshift) URL as a connection plan. */
export function redshiftPlan(url: string): WirePlan {
  const problem = redshiftUrlProblem(url)
  if (problem) throw new Error(`${redactUrl(url)} ${problem}`)
  const parsed = new URL(url)
  const host = parsed.hostname.replace(/^\[|\]$/g, '')
  return {
    host,
    port: parsed.port ? Number(parsed.port) : REDSHIFT_PORT,
    user: decodeURIComponent(parsed.username),
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'dev',
    label: redactUrl(url),
    ...redshiftTls(parsed, host),
    unsupportedAuth: redshiftAuthError,
  }
}

function redshiftTls(parsed: URL, host: string): Omit<SocketPlan, 'unsupportedAuth'> {
  const mode = (parsed.searchParams.get('sslmode') ??
    (isLoopback(host) ? 'disable' : 'verify-full')) as SslMode
  const rootCert = parsed.searchParams.get('sslrootcert')
  const ca = rootCert ? { ca: readRegularFile(rootCert, CERTIFICATE_MAX_BYTES) } : {}
  const verify: Record<SslMode, tls.ConnectionOptions | null> = {
    disable: null,
    allow: { rejectUnauthorized: false },
    prefer: { rejectUnauthorized: false },
    require: { rejectUnauthorized: false },
    // The chain, not the host name.
    'verify-ca': { rejectUnauthorized: true, checkServerIdentity: () => undefined, ...ca },
    'verify-full': { rejectUnauthorized: true, ...ca },
  }
  return { tls: verify[mode], tlsOptional: mode === 'allow' || mode === 'prefer' }
}

/**
 * Redshift asks a user whose password is stored as a salted SHA-256 hash for a digest (request
 * 13), which only Amazon's own drivers compute. Say what to change instead of failing obscurely.
 */
export function redshiftAuthError(code: number): Error {
  if (code === 13) {
    return new Error(
      'this Redshift user has a SHA-256 password, which the PostgreSQL client Moments uses cannot send. ' +
        "Give it an MD5 password (ALTER USER <user> PASSWORD 'md5<hex MD5 of the password followed by the user name>'), " +
        'or connect with temporary IAM credentials (GetClusterCredentials: its DbUser and DbPassword as user and password)',
    )
  }
  return new Error(`the server asked for an authentication method the client does not know (request ${code})`)
}
