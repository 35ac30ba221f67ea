/**
 * Turns what jsforce threw, and the response it threw for, into one of our errors.
 * jsforce reports an HTTP error as `{ errorCode, message }` from Salesforce's JSON body
 * (`[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`), or as
 * `ERROR_HTTP_<status>` with the raw body when the body is not JSON (userinfo's `Bad_OAuth_Token`,
 * a gateway's HTML page); network failures come from node-fetch with a `code`, timeouts as AbortError.
 */
import type { HttpResponse } from 'jsforce'
import {
  SalesforceQueryError,
  SalesforceSessionExpiredError,
  SalesforceUnavailableError,
} from './salesforceErrors.ts'

/**
 * What a refusal (400, 403, 404: asking again won't help) becomes: a query's error by default;
 * a create passes its own (`salesforceRefusal.ts`) to keep every error Salesforce listed.
 */
export type Refusal = (refused: {
  status: number
  errorCode: string
  message: string
  /** `HTTP 400 CODE: message`, redacted */
  said: string
  error: unknown
  accessToken: string
}) => Error

export interface FailureContext {
  timeoutMs: number
  accessToken: string
  /** The proxy the request went through, if any (see salesforceProxy.ts) */
  proxy?: string
}

export function salesforceTimeout(timeoutMs: number, cause?: unknown): SalesforceUnavailableError {
  return new SalesforceUnavailableError(`Salesforce did not answer within ${timeoutMs} ms`, {
    retryable: true,
    cause,
  })
}

/** A 2xx answer that is not what the endpoint returns: a proxy or login page, most likely. */
export function unexpectedAnswer(what: string): SalesforceUnavailableError {
  return new SalesforceUnavailableError(`Salesforce sent ${what}: check salesforce.instanceUrl`, {
    retryable: false,
  })
}

/** jsforce hands a 3xx back as a success; we don't follow it (see `salesforceRequest.ts`). */
export function redirected(status: number): SalesforceUnavailableError {
  return new SalesforceUnavailableError(
    `Salesforce answered with a redirect (HTTP ${status}): check salesforce.instanceUrl (use the My Domain URL)`,
    { status, retryable: false },
  )
}

export function classifySalesforceFailure(
  error: unknown,
  response: HttpResponse | undefined,
  context: FailureContext,
  refusal: Refusal = queryError,
): Error {
  if (response === undefined) return unreachable(error, context)
  const status = response.statusCode
  const { errorCode, message } = problemOf(error, response, context.accessToken)
  // userinfo is an OAuth endpoint: it refuses a bad token with 403 Bad_OAuth_Token, not 401.
  if (status === 401 || errorCode === 'INVALID_SESSION_ID' || /Bad_OAuth_Token/i.test(message)) {
    return new SalesforceSessionExpiredError({ cause: error })
  }
  // A proxy that refuses a CONNECT answers with its own status, which https-proxy-agent hands on as
  // if the host had sent it; Salesforce's own errors carry an error code, a proxy's never do.
  const via =
    context.proxy && !errorCode
      ? `, through the proxy ${proxyHost(context.proxy)}: the proxy may have refused the host (check https_proxy and NO_PROXY)`
      : ''
  const said = `HTTP ${status}${errorCode ? ` ${errorCode}` : ''}${message ? `: ${message}` : ''}${via}`
  // REQUEST_LIMIT_EXCEEDED (403) is also how Salesforce says "too many concurrent requests".
  if (status === 429 || status >= 500 || errorCode === 'REQUEST_LIMIT_EXCEEDED') {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'])
    const what =
      status === 429 || errorCode === 'REQUEST_LIMIT_EXCEEDED' ? 'is limiting requests' : 'is unavailable'
    const wait =
      retryAfterMs === undefined ? '' : `; it asks to retry after ${Math.ceil(retryAfterMs / 1000)} s`
    return new SalesforceUnavailableError(`Salesforce ${what} (${said})${wait}`, {
      status,
      retryable: true,
      retryAfterMs,
      cause: error,
    })
  }
  return refusal({ status, errorCode, message, said, error, accessToken: context.accessToken })
}

function unreachable(error: unknown, context: FailureContext): SalesforceUnavailableError {
  const name = error instanceof Error ? error.name : ''
  if (name === 'AbortError') return salesforceTimeout(context.timeoutMs, error)
  const code = (error as { code?: unknown } | null)?.code
  const reason =
    typeof code === 'string' ? code : error instanceof Error ? redact(error.message, context) : 'unknown'
  const via = context.proxy ? ` through the proxy ${proxyHost(context.proxy)}` : ''
  return new SalesforceUnavailableError(`Salesforce could not be reached${via} (${reason})`, {
    retryable: true,
    cause: error,
  })
}

function queryError({ status, errorCode, message, said, error: cause }: Parameters<Refusal>[0]) {
  const column = /No such column '([^']+)'/.exec(message)?.[1]
  const relationship = /Didn't understand relationship '([^']+)'/.exec(message)?.[1]
  const field = column ?? (relationship === undefined ? undefined : lookupOf(relationship))
  if (field !== undefined) {
    return new SalesforceQueryError(
      `Salesforce does not know the Account field ${field} (${said}): check salesforce.ownerFields`,
      errorCode,
      field,
      { cause },
    )
  }
  const hint =
    status === 404
      ? ': check salesforce.instanceUrl and salesforce.apiVersion'
      : status === 403
        ? ': the user may lack API access or read access to Account'
        : ''
  return new SalesforceQueryError(`Salesforce refused the request (${said})${hint}`, errorCode, undefined, {
    cause,
  })
}

/** The lookup field behind a relationship name: `Owner` → `OwnerId`, `X__r` → `X__c`. */
function lookupOf(relationship: string): string {
  return relationship.endsWith('__r') ? `${relationship.slice(0, -3)}__c` : `${relationship}Id`
}

/**
 * Salesforce's error code and a one-line message. A SOQL error's message is the query with a caret
 * under the fault and the reason last: keep the reason's first sentence.
 */
function problemOf(error: unknown, response: HttpResponse, accessToken: string) {
  const raw = error as { errorCode?: unknown; message?: unknown } | null
  let errorCode = typeof raw?.errorCode === 'string' ? raw.errorCode : ''
  if (errorCode.startsWith('ERROR_HTTP_')) errorCode = ''
  const isHtml = /html/i.test(response.headers['content-type'] ?? '')
  const text = isHtml ? '' : typeof raw?.message === 'string' ? raw.message : ''
  const lastLine =
    text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .pop() ?? ''
  const sentence = lastLine.split(/\. (?=[A-Z])/)[0] ?? ''
  const message = redact(sentence.length > 300 ? `${sentence.slice(0, 300)}…` : sentence, { accessToken })
  return { errorCode, message }
}

/** host:port of a proxy URL, never its credentials. */
function proxyHost(proxy: string): string {
  try {
    return new URL(proxy).host
  } catch {
    return 'from the environment'
  }
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

export function redact(text: string, { accessToken }: { accessToken: string }): string {
  return accessToken ? text.split(accessToken).join('[access token]') : text
}
