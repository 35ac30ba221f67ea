import type { Logger as SlackLogger, WebClient } from '@slack/web-api'
import type { Logger } from 'pino'
import { slackWebApi } from './slackSdk.ts'

export interface WebClientSettings {
  botToken: string
  /** Default https://slack.com/api/; a stand-in's URL in tests */
  apiUrl?: string
  timeoutMs: number
}

/**
 * The official Web API client, with its own retries off: the outbox owns retrying, durably and
 * in order, so a 429 comes back at once as a WebAPIRateLimitedError with Slack's Retry-After.
 */
export function slackWebClient(settings: WebClientSettings, log: Logger): WebClient {
  const { WebClient } = slackWebApi()
  return new WebClient(settings.botToken, {
    slackApiUrl: settings.apiUrl,
    timeout: settings.timeoutMs,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: slackLogger(log),
  })
}

/**
 * The client logs to the console by default, stdout included, where only `--json` lines may go.
 * Its notes go to our logger instead, one level down: the outbox says what matters itself.
 */
function slackLogger(log: Logger): SlackLogger {
  const child = log.child({ component: 'slack-client' })
  const text = (parts: unknown[]) =>
    parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ')
  return {
    debug: (...parts) => child.trace(text(parts)),
    info: (...parts) => child.debug(text(parts)),
    warn: (...parts) => child.debug(text(parts)),
    error: (...parts) => child.warn(text(parts)),
    setLevel: () => {},
    getLevel: () => slackWebApi().LogLevel.DEBUG,
    setName: () => {},
  }
}
