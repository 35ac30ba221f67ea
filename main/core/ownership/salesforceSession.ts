/**
 * A jsforce connection made from the settings, with the two operations Moments needs: a bounded,
 * retried GET, and a bounded create (never retried: it may have been saved). The access token goes
 * into jsforce's Authorization header and nowhere else.
 */
import { createRequire } from 'node:module'
import type { Connection as JsforceConnection } from 'jsforce'
import { SalesforceSettingError } from './salesforceErrors.ts'
import { saveRefusal } from './salesforceRefusal.ts'
import { createOnce, getOnce } from './salesforceRequest.ts'
import { withRetries } from './salesforceRetry.ts'

// jsforce is required when a session opens, not when this module is imported: every command reads
// moments.yaml through the channel registry (Slack's DMs reach Salesforce), and `moments history`
// must not wait for it. (jsforce is CommonJS.)
const load = createRequire(import.meta.url)

/** Winter '25. Salesforce retires old API versions from time to time; newer ones keep these shapes. */
const DEFAULT_API_VERSION = '62.0'

export interface SalesforceOptions {
  /** The org's My Domain URL, e.g. https://example.my.salesforce.com */
  instanceUrl: string
  accessToken: string
  /** e.g. `62.0` */
  apiVersion?: string
  /** Per request, headers and body; default 30 s */
  timeoutMs?: number
  /** Retries of a request after a network error, timeout, 5xx or 429; default 4 */
  retries?: number
  /** First backoff delay, doubled each retry and randomised ×1–2; default 1 s */
  retryBaseDelayMs?: number
  /** The longest Retry-After honoured; asked to wait longer, the request fails now; default 60 s */
  maxRetryAfterMs?: number
  /** Stops waiting and retrying; the promise then rejects with the signal's reason */
  signal?: AbortSignal
}

export interface SalesforceSession {
  readonly apiVersion: string
  /** GET a path on the instance, e.g. `/services/oauth2/userinfo` */
  get<T>(path: string): Promise<T>
  /**
   * Creates a record (`conn.sobject(type).create`), once; its Id. A refusal is a
   * SalesforceRefusedError with Salesforce's reasons; an expired token SalesforceSessionExpiredError.
   */
  create(type: string, fields: Record<string, unknown>): Promise<string>
}

export function openSalesforceSession(options: SalesforceOptions): SalesforceSession {
  const instanceUrl = checkInstanceUrl(options.instanceUrl)
  if (typeof options.accessToken !== 'string' || options.accessToken.trim() === '') {
    throw new SalesforceSettingError('salesforce.accessToken', 'is empty')
  }
  const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION
  if (!/^\d{2,3}\.0$/.test(apiVersion)) {
    throw new SalesforceSettingError(
      'salesforce.apiVersion',
      `${JSON.stringify(apiVersion)} must look like 62.0`,
    )
  }
  const { Connection } = load('jsforce') as { Connection: typeof JsforceConnection }
  const connect = () => new Connection({ instanceUrl, accessToken: options.accessToken, version: apiVersion })
  const conn = connect()
  const attempt = {
    timeoutMs: options.timeoutMs ?? 30_000,
    signal: options.signal,
    accessToken: options.accessToken,
  }
  const policy = {
    retries: options.retries ?? 4,
    baseDelayMs: options.retryBaseDelayMs ?? 1_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    signal: options.signal,
  }
  return {
    apiVersion,
    get: <T>(path: string) => withRetries(() => getOnce<T>(conn, path, attempt), policy),
    // A connection of its own: its transport is this request's (see salesforceRequest.ts).
    create: (type, fields) => createOnce(connect(), type, fields, { ...attempt, refusal: saveRefusal }),
  }
}

const LOOPBACK_HOSTS = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/

/** The origin to talk to. Plain http would send the bearer token in clear: only on loopback. */
function checkInstanceUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new SalesforceSettingError('salesforce.instanceUrl', `${JSON.stringify(value)} is not a URL`)
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.test(url.hostname))
  if (!secure) {
    throw new SalesforceSettingError('salesforce.instanceUrl', `${url.origin} must be an https URL`)
  }
  return url.origin
}
