// proxy-from-env 2.x ships no typings; this is its one export.
declare module 'proxy-from-env' {
  /** The proxy URL for `url` from *_proxy, all_proxy and NO_PROXY; '' for a direct request. */
  export function getProxyForUrl(url: string | URL): string
}
