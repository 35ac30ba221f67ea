/**
 * Which proxy a Salesforce request goes through, as `https_proxy` and `NO_PROXY` say.
 *
 * jsforce 3.10 reads `https_proxy` (else `http_proxy`, `HTTPS_PROXY`, `HTTP_PROXY`) once, when it
 * is loaded, into its request defaults, and sends every request through an `https-proxy-agent` for
 * it; it never reads `NO_PROXY`, so an org reached directly on a corporate network (or a proxy that
 * refuses the instance) failed every refresh. Its request options take `httpProxy` per request, and
 * an explicit one (even undefined) wins over the default: `salesforceRequest.ts` passes this.
 * The variables are read per request (like curl): `https_proxy` for the https instance, `http_proxy`
 * for a loopback http one, `all_proxy` for either, lower case first, and none for a host `NO_PROXY`
 * names.
 */
import { getProxyForUrl } from 'proxy-from-env'

export function salesforceProxy(url: string): string | undefined {
  return getProxyForUrl(url) || undefined
}
