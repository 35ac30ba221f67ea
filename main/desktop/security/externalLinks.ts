// `shell.openExternal` hands a URL to the OS, which may run any registered protocol handler:
// only https links to the user's own Salesforce instance are let through.

export function isAllowedExternal(url: string, salesforceInstanceUrl: string | null): boolean {
  if (!salesforceInstanceUrl) return false
  let target: URL
  let instance: URL
  try {
    target = new URL(url)
    instance = new URL(salesforceInstanceUrl)
  } catch {
    return false
  }
  if (target.protocol !== 'https:' || instance.protocol !== 'https:') return false
  if (target.username || target.password) return false
  // The instance host, or its Lightning twin: acme.my.salesforce.com → acme.lightning.force.com.
  return target.host === instance.host || target.host === lightningHost(instance.host)
}

function lightningHost(host: string): string | null {
  const myDomain = /^([^.]+)\.my\.salesforce\.com$/.exec(host)
  return myDomain ? `${myDomain[1]}.lightning.force.com` : null
}

/** The sign-in page: https, the OAuth authorize path, nothing else. */
export function isAllowedSignInUrl(url: string): boolean {
  try {
    const target = new URL(url)
    return (
      target.protocol === 'https:' &&
      !target.username &&
      !target.password &&
      target.pathname === '/services/oauth2/authorize'
    )
  } catch {
    return false
  }
}
