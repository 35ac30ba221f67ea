/**
 * One request to Salesforce through jsforce, bounded in time, its failure classified.
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
 *
 * A create (`conn.sobject(type).create`) takes no request options: it gets a connection of its
 * own whose transport does the same. jsforce never retries a POST, and neither do we: a create
 * that timed out may have been saved.
 */
import type { Connection, HttpRequest, HttpRequestOptions, HttpResponse, SaveResult } from 'jsforce'
import {
  classifySalesforceFailure,
  type Refusal,
  redirected,
  salesforceTimeout,
  unexpectedAnswer,
} from './salesforceFailure.ts'
import { salesforceProxy } from './salesforceProxy.ts'

export interface AttemptOptions {
  timeoutMs: number
  signal?: AbortSignal
  /** Removed from any text Salesforce sends back, should it ever echo it */
  accessToken: string
}

const NO_JSFORCE_RETRY: HttpRequestOptions['retry'] = { maxRetries: 0, statusCodes: [], errorCodes: [] }

type Transport = Connection['_transport']

/**
 * A transport that notes the response it carried and the proxy it went through, bounds the wait
 * for its headers, and takes the proxy `NO_PROXY` allows for the request's URL.
 */
function observed(transport: Transport, timeoutMs: number): Observed {
  let response: HttpResponse | undefined
  let proxy: string | undefined
  const observing = {
    httpRequest(request: HttpRequest, requestOptions: HttpRequestOptions) {
      proxy = salesforceProxy(request.url)
      const answer = transport.httpRequest(request, {
        ...requestOptions,
        timeout: timeoutMs,
        followRedirect: false,
        httpProxy: proxy,
      })
      answer.then(
        (seen) => {
          response = seen
        },
        () => {},
      )
      return answer
    },
  }
  return { transport: observing as unknown as Transport, response: () => response, proxy: () => proxy }
}

interface Observed {
  transport: Transport
  response: () => HttpResponse | undefined
  proxy: () => string | undefined
}

export async function getOnce<T>(conn: Connection, path: string, options: AttemptOptions): Promise<T> {
  options.signal?.throwIfAborted()
  const seen = observed(conn._transport, options.timeoutMs)
  const answer = conn.request<T>(
    { method: 'GET', url: path },
    { transport: seen.transport, timeout: options.timeoutMs, retry: NO_JSFORCE_RETRY, followRedirect: false },
  )
  const body = await settled(answer, seen, options)
  const status = seen.response()?.statusCode
  if (status !== undefined && status >= 300) throw redirected(status)
  return body
}

/** Creates one record with `conn.sobject(type).create`; its Id, or the reason Salesforce refused it. */
export async function createOnce(
  conn: Connection,
  type: string,
  fields: Record<string, unknown>,
  options: AttemptOptions & { refusal: Refusal },
): Promise<string> {
  options.signal?.throwIfAborted()
  const seen = observed(conn._transport, options.timeoutMs)
  conn._transport = seen.transport
  const result: SaveResult = await settled(conn.sobject(type).create(fields), seen, options)
  const status = seen.response()?.statusCode
  if (status !== undefined && status >= 300) throw redirected(status)
  if (!result?.success || typeof result.id !== 'string')
    throw unexpectedAnswer(`a ${type} create without an Id`)
  return result.id
}

/** The answer within the deadline, or our error for what went wrong. */
async function settled<T>(
  answer: Promise<T>,
  seen: Observed,
  options: AttemptOptions & { refusal?: Refusal },
): Promise<T> {
  const { timeoutMs, signal } = options
  try {
    return await withinDeadline(answer, timeoutMs, signal)
  } catch (error) {
    if (signal?.aborted) throw signal.reason
    if (error instanceof DeadlinePassed) throw salesforceTimeout(timeoutMs)
    throw classifySalesforceFailure(
      error,
      seen.response(),
      { ...options, proxy: seen.proxy() },
      options.refusal,
    )
  }
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
