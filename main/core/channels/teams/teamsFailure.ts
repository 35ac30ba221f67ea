/**
 * What a failed post to a Teams webhook means for the outbox (see SendFailure in ../channel.ts):
 *
 * - 429 (Retry-After honoured), 408, 5xx, a timeout, a network error: `retry`;
 * - 400 (the request was refused as it is), 413 (too large): `message`, given up at once;
 * - 401, 403 (the URL's signature is wrong or was revoked), 404 (no such workflow: deleted),
 *   409 (the flow is turned off), 410: `channel`, paused until someone fixes the webhook.
 *
 * A Workflows webhook answers 202 Accepted and posts to the channel afterwards, so a card the
 * flow fails to post is not reported here: Teams shows it in the flow's run history.
 */
import { errorMessage } from '../../../../shared/errorMessage.ts'
import { ChannelFailure, type SendFailure } from '../channel.ts'

/** A refused request, with what the answer said; never the URL (its `sig` is the secret). */
export class TeamsHttpError extends Error {
  constructor(
    readonly status: number,
    /** The error code of a JSON answer (`WorkflowNotFound`), or the start of a text one */
    readonly detail: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`Teams: HTTP ${status}${detail ? ` ${detail}` : ''}`)
    this.name = 'TeamsHttpError'
  }
}

const CHANNEL_HINTS: Record<number, string> = {
  401: 'the webhook URL is not accepted: copy the whole URL again from the workflow',
  403: 'the webhook URL is not accepted: copy the whole URL again from the workflow',
  404: 'no such workflow: it was deleted, or the URL is mistyped',
  409: 'the workflow is turned off: turn it on in Teams (Workflows)',
  410: 'the workflow or the channel is gone',
}

export function classifyTeamsFailure(error: unknown): SendFailure {
  if (error instanceof ChannelFailure) return error.failure
  if (error instanceof TeamsHttpError) {
    const { status } = error
    if (status === 429) return { kind: 'retry', reason: error.message, retryAfterMs: error.retryAfterMs }
    if (status === 408 || status >= 500) return { kind: 'retry', reason: error.message }
    const hint = CHANNEL_HINTS[status]
    if (hint) return { kind: 'channel', reason: `${error.message} (${hint})` }
    return {
      kind: 'message',
      reason: `Teams refused the message: HTTP ${status}${error.detail ? ` ${error.detail}` : ''}`,
    }
  }
  return { kind: 'retry', reason: `Teams: ${requestReason(error)}` }
}

/** A timeout or a network error, without the URL. */
function requestReason(error: unknown): string {
  const name = (error as { name?: string }).name
  if (name === 'TimeoutError' || name === 'AbortError') return 'no answer in time (timeout)'
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  return `cannot connect (${cause?.code ?? cause?.message ?? errorMessage(error)})`
}
