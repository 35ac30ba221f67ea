/**
 * One GET to Salesforce through jsforce, bounded in time, its failure classified.
 *
 * jsforce 3.10 gets in the way in three places, each worked around here through the options of
 * its public `Connection.request(request, options)`:
 * - it retries 429/5xx/socket errors itself (5 times, 0.5 s doubling, no Retry-After): turned off,
 *   so p-retry in `salesforceRetry.ts` is the one retry policy;
 * - its only timeout (`timeout`, default 30 min) covers the wait for headers, not the body:
 *   we pass it so a stuck socket is aborted, and race the whole answer against our own timer
 *   (a body stalled past it is abandoned; jsforce gives no handle to close that socket);
 * - its errors drop the HTTP status and headers: a per-request transport (`options.transport`,
 *   which jsforce's HttpApi honours) notes the response so the status and Retry-After survive.
 * - it sends every request through `https_proxy`, `NO_PROXY` or not: the transport passes the
 *   proxy `salesforceProxy.ts` chooses for the request's URL instead.
 * Redirects are not followed: jsforce would replay the bearer token to wherever they point.
 */
import type { Connection, HttpRequest, HttpRequestOptions, HttpResponse } from 'jsforce'
import { classifySalesforceFailure, redirected, salesforceTimeout } from './salesforceFailure.ts'
import { salesforceProxy } from './salesforceProxy.ts'

export interface AttemptOptions {
  timeoutMs: number
  signal?: AbortSignal
  /** Removed from any text Salesforce sends back, should it ever echo it */
  accessToken: string
}

const NO_JSFORCE_RETRY: HttpRequestOptions['retry'] = { maxRetries: 0, statusCodes: [], errorCodes: [] }

export async function getOnce<T>(conn: Connection, path: string, options: AttemptOptions): Promise<T> {
  const { timeoutMs, signal } = options
  signal?.throwIfAborted()
  let response: HttpResponse | undefined
  let proxy: string | undefined
  const transport = conn._transport
  const observingTransport = {
    httpRequest(request: HttpRequest, requestOptions: HttpRequestOptions) {
      proxy = salesforceProxy(request.url)
      const answer = transport.httpRequest(request, { ...requestOptions, httpProxy: proxy })
      answer.then(
        (seen) => {
          response = seen
        },
        () => {},
      )
      return answer
    },
  }
  const requestOptions = {
    transport: observingTransport,
    timeout: timeoutMs,
    retry: NO_JSFORCE_RETRY,
    followRedirect: false,
  }
  const answer = conn.request<T>({ method: 'GET', url: path }, requestOptions)
  let body: T
  try {
    body = await withinDeadline(answer, timeoutMs, signal)
  } catch (error) {
    if (signal?.aborted) throw signal.reason
    if (error instanceof DeadlinePassed) throw salesforceTimeout(timeoutMs)
    throw classifySalesforceFailure(error, response, { timeoutMs, accessToken: options.accessToken, proxy })
  }
  // Set by the transport callback, which TypeScript cannot see.
  const status = (response as HttpResponse | undefined)?.statusCode
  if (status !== undefined && status >= 300) throw redirected(status)
  return body
}

class DeadlinePassed extends Error {}

/** The answer, or a timeout error once `timeoutMs` pass; the timer never outlives the answer. */
function withinDeadline<T>(answer: Promise<T>, timeoutMs: number, signal?: AbortSignal): Promise<T> {
  // The losing side of the race still settles later: keep its rejection from going unhandled.
  answer.catch(() => {})
  let timer: NodeJS.Timeout | undefined
  let onAbort: (() => void) | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlinePassed()), timeoutMs)
    onAbort = () => reject(signal?.reason)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
  return Promise.race([answer, deadline]).finally(() => {
    clearTimeout(timer)
    if (onAbort) signal?.removeEventListener('abort', onAbort)
  })
}
