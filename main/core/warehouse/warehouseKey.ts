/**
 * Which warehouse a cursor belongs to: host, port and database, never the credentials. Pointing
 * Moments at another warehouse starts a fresh cursor; moment ids keep a re-read from notifying twice.
 */
export function warehouseKey(url: string, defaultPort: number): string {
  try {
    const parsed = new URL(url)
    return `${parsed.hostname}:${parsed.port || String(defaultPort)}${parsed.pathname}`
  } catch {
    return 'unparsable-url'
  }
}

/** 127.0.0.0/8, ::1 and localhost: this machine (a local server, an SSH tunnel's end). */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '')
  return bare === 'localhost' || bare === '::1' || /^127(?:\.\d{1,3}){3}$/.test(bare)
}
