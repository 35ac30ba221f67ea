/**
 * Bounded retries for one Salesforce request: exponential backoff with jitter (p-retry), and when
 * Salesforce says how long to wait (Retry-After on 429/503) at least that long. Only errors marked
 * retryable are tried again; an expired session or a refused query fails at once.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import pRetry from 'p-retry'
import { SalesforceUnavailableError } from './salesforceErrors.ts'

export interface RetryPolicy {
  /** Attempts after the first one */
  retries: number
  /** Delay before the first retry; doubled for each later one, then randomised ×1–2 */
  baseDelayMs: number
  /** The longest Retry-After we wait for; asked to wait longer, we give up now */
  maxRetryAfterMs: number
  signal?: AbortSignal
}

const MAX_BACKOFF_MS = 30_000

export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  let attempts = 0
  try {
    return await pRetry(
      () => {
        attempts++
        return attempt()
      },
      {
        retries: policy.retries,
        minTimeout: policy.baseDelayMs,
        maxTimeout: Math.max(policy.baseDelayMs, MAX_BACKOFF_MS),
        factor: 2,
        randomize: true,
        signal: policy.signal,
        shouldRetry: ({ error }) => isRetryable(error) && !asksTooLong(error, policy),
        // Runs before p-retry's own backoff: the total wait is Retry-After plus the usual backoff.
        onFailedAttempt: async ({ error, retriesLeft }) => {
          if (retriesLeft === 0 || !isRetryable(error) || asksTooLong(error, policy)) return
          const retryAfterMs = (error as SalesforceUnavailableError).retryAfterMs
          if (retryAfterMs) await sleep(retryAfterMs, undefined, { signal: policy.signal })
        },
      },
    )
  } catch (error) {
    // However the wait was cut short (our Retry-After sleep or p-retry's backoff), say why.
    if (policy.signal?.aborted) throw policy.signal.reason
    throw attempts > 1 ? withAttempts(error, attempts) : error
  }
}

function isRetryable(error: unknown): boolean {
  return error instanceof SalesforceUnavailableError && error.retryable
}

function asksTooLong(error: unknown, policy: RetryPolicy): boolean {
  const retryAfterMs = (error as SalesforceUnavailableError).retryAfterMs
  return retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs
}

/** The last failure, saying how many attempts were made. */
function withAttempts(error: unknown, attempts: number): unknown {
  if (!(error instanceof SalesforceUnavailableError)) return error
  return new SalesforceUnavailableError(`${error.message}; gave up after ${attempts} attempts`, {
    status: error.status,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
    cause: error.cause,
  })
}
