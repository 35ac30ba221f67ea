/**
 * What a failed Slack request means for the outbox (see SendFailure in ../channel.ts):
 *
 * - `retry`: transient (network, timeout, 5xx, 429, `internal_error`): try again later, after
 *   `retryAfterMs` when Slack said so;
 * - `message`: this message can never be posted (`invalid_blocks`, `msg_too_long`, a webhook's
 *   400 `invalid_payload`): give it up now and go on with the next;
 * - `channel`: nothing can be posted there until someone fixes Slack or the config
 *   (`invalid_auth`, `channel_not_found`, `not_in_channel`, a webhook's 403/404/410): the channel
 *   pauses, its forwards stay queued (until their max age) and are tried again now and then.
 */
import { errorMessage } from '../../../../shared/errorMessage.ts'
import { ChannelFailure, type SendFailure } from '../channel.ts'
import { slackWebApi, slackWebhook } from './slackSdk.ts'

/** A webhook's refusal, with the Retry-After its response carried (the client drops headers). */
export class WebhookRefusal extends Error {
  constructor(
    readonly original: unknown,
    readonly retryAfterMs: number | undefined,
  ) {
    super(errorMessage(original))
    this.name = 'WebhookRefusal'
  }
}

/** What a failed Slack request means, whichever client (or lookup) it came from. */
export function classifySlackFailure(error: unknown): SendFailure {
  if (error instanceof ChannelFailure) return error.failure
  if (error instanceof WebhookRefusal) return webhookFailure(error.original, error.retryAfterMs)
  return webApiFailure(error)
}

/** Platform errors (`{"ok":false,"error":…}`) that say the token, the app or the channel is wrong. */
const CHANNEL_ERRORS: Record<string, string> = {
  invalid_auth: 'the bot token is not valid (revoked, mistyped, or from another workspace)',
  not_authed: 'no token was sent',
  account_inactive: 'the token belongs to a deleted user or workspace',
  token_revoked: 'the token was revoked',
  token_expired: 'the token expired',
  no_permission: 'the token lacks a permission',
  missing_scope: 'the bot lacks a scope (chat:write)',
  not_allowed_token_type: 'this kind of token cannot post messages (use a bot token, xoxb-)',
  channel_not_found: 'no such channel, or the bot cannot see it (invite it to a private channel)',
  not_in_channel: 'the bot is not in the channel: invite it (/invite @your-bot)',
  is_archived: 'the channel is archived',
  restricted_action: 'a workspace preference prevents the bot from posting',
  restricted_action_read_only_channel: 'the channel is read-only',
  restricted_action_thread_only_channel: 'the channel accepts thread replies only',
  restricted_action_non_threadable_channel: 'the channel cannot be posted to',
  ekm_access_denied: 'administrators suspended posting',
  team_access_not_granted: 'the token has no access to this workspace',
  access_denied: 'access denied',
  org_login_required: 'the workspace is migrating (org login required)',
  two_factor_setup_required: 'two-factor setup is required',
  enterprise_is_restricted: 'the method is restricted on this Enterprise org',
  user_not_found: 'no such Slack user for the DM',
  cannot_dm_bot: 'a bot cannot be sent a DM',
  messages_tab_disabled: "the app's Messages tab is disabled, so it cannot send DMs",
  method_deprecated: 'the API method is deprecated',
  deprecated_endpoint: 'the API endpoint is deprecated',
  team_not_found: 'the workspace was not found',
}

/** Platform errors that are about this message only. */
const MESSAGE_ERRORS = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'msg_blocks_too_long',
  'no_text',
  'too_many_attachments',
  'invalid_attachments',
  'invalid_arguments',
  'invalid_arg_name',
  'invalid_array_arg',
  'invalid_charset',
  'invalid_form_data',
  'invalid_post_type',
  'missing_post_type',
  'invalid_json',
  'json_not_object',
  'markdown_text_conflict',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'metadata_too_large',
])

/** Web API: chat.postMessage, users.lookupByEmail, auth.test. */
export function webApiFailure(error: unknown): SendFailure {
  const { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } = slackWebApi()
  if (error instanceof WebAPIRateLimitedError) {
    return {
      kind: 'retry',
      reason: `Slack: 429 rate limited (Retry-After ${error.retryAfter}s)`,
      retryAfterMs: error.retryAfter * 1000,
    }
  }
  if (error instanceof WebAPIPlatformError) return platformFailure(error.data.error)
  if (error instanceof WebAPIHTTPError)
    return httpFailure(error.statusCode, String(error.body ?? '').slice(0, 200))
  if (error instanceof WebAPIRequestError)
    return { kind: 'retry', reason: `Slack: ${requestReason(error.original)}` }
  const message = errorMessage(error)
  // The client's own words for a 429 without a usable Retry-After.
  if (/rate limit|retry header/i.test(message))
    return { kind: 'retry', reason: `Slack: 429 rate limited (${message})` }
  return { kind: 'retry', reason: `Slack: ${message}` }
}

function platformFailure(code: string): SendFailure {
  const why = CHANNEL_ERRORS[code]
  if (why) return { kind: 'channel', reason: `Slack: ${code} (${why})` }
  if (MESSAGE_ERRORS.has(code)) return { kind: 'message', reason: `Slack refused the message: ${code}` }
  if (code === 'ratelimited' || code === 'rate_limited') {
    return { kind: 'retry', reason: `Slack: ${code}`, retryAfterMs: 30_000 }
  }
  // internal_error, fatal_error, service_unavailable, request_timeout, and anything new: try again.
  return { kind: 'retry', reason: `Slack: ${code}` }
}

/**
 * Incoming webhooks answer with HTTP statuses and a short text body (Slack's changelog, 2016-05-17):
 * 400 invalid_payload, 403 action_prohibited / invalid_token, 404 no_service / channel_not_found,
 * 410 channel_is_archived / team_disabled, 500 rollup_error.
 */
export function webhookFailure(error: unknown, retryAfterMs?: number): SendFailure {
  const { IncomingWebhookHTTPError, IncomingWebhookRequestError } = slackWebhook()
  if (error instanceof IncomingWebhookHTTPError) {
    const body = String(error.body ?? '')
      .trim()
      .slice(0, 200)
    if (error.statusCode === 429) {
      return {
        kind: 'retry',
        reason: `Slack webhook: 429 rate limited${body ? ` (${body})` : ''}`,
        retryAfterMs,
      }
    }
    if (error.statusCode === 400 && body !== 'user_not_found') {
      return { kind: 'message', reason: `Slack webhook refused the message: 400 ${body || 'bad request'}` }
    }
    const failure = httpFailure(error.statusCode, body)
    return { ...failure, reason: failure.reason.replace(/^Slack/, 'Slack webhook') }
  }
  if (error instanceof IncomingWebhookRequestError) {
    return { kind: 'retry', reason: `Slack webhook: ${requestReason(error.original)}` }
  }
  return { kind: 'retry', reason: `Slack webhook: ${errorMessage(error)}` }
}

function httpFailure(status: number, body: string): SendFailure {
  const reason = `Slack: HTTP ${status}${body ? ` ${body}` : ''}`
  if (status >= 500 || status === 408) return { kind: 'retry', reason }
  const hint =
    status === 404 && (body === 'no_service' || body === 'no_team')
      ? ' (the webhook was removed: make a new one)'
      : status === 404
        ? ' (check slack.apiUrl or the webhook URL)'
        : status === 410
          ? ' (the channel or workspace is gone)'
          : ''
  return { kind: 'channel', reason: `${reason}${hint}` }
}

/** A timeout or a network error, without the URL (a webhook's URL is its secret). */
function requestReason(original: Error): string {
  if (original.name === 'TimeoutError' || original.name === 'AbortError') return 'no answer in time (timeout)'
  const cause = (original as { cause?: { code?: string; message?: string } }).cause
  const detail = cause?.code ?? cause?.message ?? original.message
  return `cannot connect (${detail})`
}
