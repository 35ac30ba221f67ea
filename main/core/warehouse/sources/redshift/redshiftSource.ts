import type { EventSource, SourceSettings } from '../../eventSource.ts'
import { warehouseKey } from '../../warehouseKey.ts'
import { wireEventSource } from '../../wire/wireEventSource.ts'
import { openWireSession } from '../../wire/wireSession.ts'
import { REDSHIFT_PORT, redshiftPlan } from './redshiftConnection.ts'
import { redshiftDialect } from './redshiftDialect.ts'

/** Amazon Redshift (provisioned or Serverless), from a redshift:// URL. */
export function openRedshiftSource(settings: SourceSettings): EventSource {
  const plan = redshiftPlan(settings.url)
  return wireEventSource({
    ...settings,
    key: warehouseKey(settings.url, REDSHIFT_PORT),
    label: plan.label,
    async connect() {
      const session = await openWireSession({ ...plan, connectTimeoutMs: settings.connectTimeoutMs })
      return { session, dialect: redshiftDialect }
    },
  })
}
