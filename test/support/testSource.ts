// An event source for tests, opened through the registry as the app opens one, with a chosen
// cursor key (tests keep several cursors on one database) and batch size.
import type { EventSource } from '../../main/core/warehouse/eventSource.ts'
import { openEventSource } from '../../main/core/warehouse/sourceRegistry.ts'

export function testSource(
  url: string,
  query: string,
  options: { key?: string; batchSize?: number; statementTimeoutMs?: number } = {},
): EventSource {
  const source = openEventSource({
    url,
    query,
    statementTimeoutMs: options.statementTimeoutMs ?? 30_000,
    batchSize: options.batchSize,
  })
  return options.key === undefined ? source : { ...source, key: options.key }
}
