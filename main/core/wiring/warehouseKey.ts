/**
 * Which warehouse a cursor belongs to: host, port and database, never the credentials. Pointing
 * Moments at another warehouse starts a fresh cursor; moment ids keep a re-read from notifying twice.
 */
export function warehouseKey(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`
  } catch {
    return 'unparsable-url'
  }
}
