import type tls from 'node:tls'
import { parse } from 'pg-connection-string'
import type { EventSource, SourceSettings } from '../../eventSource.ts'
import { redactUrl } from '../../warehouseErrors.ts'
import { isLoopback, warehouseKey } from '../../warehouseKey.ts'
import { wireEventSource } from '../../wire/wireEventSource.ts'
import { openWireSession, type WirePlan } from '../../wire/wireSession.ts'
import { redshiftAuthError, redshiftPlan } from '../redshift/redshiftConnection.ts'
import { isRedshiftServer, redshiftDialect } from '../redshift/redshiftDialect.ts'
import { postgresDialect } from './postgresDialect.ts'

const POSTGRES_PORT = 5432

/**
 * PostgreSQL (and PGlite behind its socket) from a postgres:// URL, read as `pg` reads it (sslmode
 * included). A postgres:// URL that turns out to reach Redshift (its server_version is 8.0.2) is
 * read with Redshift's dialect, and, when it came without sslmode and is not on this machine,
 * connected to again with TLS, as a redshift:// URL would be.
 */
export function openPostgresSource(settings: SourceSettings): EventSource {
  const plan = postgresPlan(settings.url)
  return wireEventSource({
    ...settings,
    key: warehouseKey(settings.url, POSTGRES_PORT),
    label: plan.label,
    async connect() {
      const options = { connectTimeoutMs: settings.connectTimeoutMs }
      const session = await openWireSession({ ...plan, ...options })
      if (!isRedshiftServer(session)) return { session, dialect: postgresDialect }
      const sslmode = new URL(settings.url).searchParams.has('sslmode')
      if (session.encrypted || sslmode || isLoopback(plan.host)) return { session, dialect: redshiftDialect }
      await session.end()
      const redshift = new URL(settings.url)
      redshift.protocol = 'redshift:'
      return {
        session: await openWireSession({ ...redshiftPlan(redshift.toString()), ...options }),
        dialect: redshiftDialect,
      }
    },
  })
}

export function postgresPlan(url: string): WirePlan {
  const parsed = parse(url)
  const ssl = parsed.ssl
  return {
    host: parsed.host ?? 'localhost',
    port: parsed.port ? Number(parsed.port) : POSTGRES_PORT,
    user: parsed.user ?? '',
    password: parsed.password,
    database: parsed.database ?? '',
    label: redactUrl(url),
    tls: ssl ? (typeof ssl === 'object' ? (ssl as tls.ConnectionOptions) : {}) : null,
    // Only Redshift asks for request 13 (see redshiftConnection.ts).
    unsupportedAuth: redshiftAuthError,
  }
}
