import type { WebClient } from '@slack/web-api'
import type { FetchFunction } from '@slack/webhook'
import { ChannelFailure, type SendFailure } from '../channel.ts'
import { parseRetryAfter } from '../retryAfter.ts'
import { WebhookRefusal } from './slackFailure.ts'
import type { SlackMessage } from './slackMessage.ts'
import { slackWebhook } from './slackSdk.ts'

/**
 * One way to post to one Slack channel: an incoming webhook, or chat.postMessage with a bot
 * token. Resolves with the message's ts (the Web API's; a webhook gives none); throws the
 * client's error, which `classifySlackFailure` reads.
 */
export interface SlackTransport {
  send(message: SlackMessage): Promise<{ ref: string | null }>
}

/**
 * An incoming webhook, with the official client and its retries off (the outbox retries). The
 * client drops a 429's headers, so a recording `fetch` keeps Retry-After for the outbox.
 */
export function webhookTransport(url: string, options: { timeoutMs: number }): SlackTransport {
  return {
    async send(message) {
      let retryAfterMs: number | undefined
      const recording: FetchFunction = async (target, init) => {
        const response = await fetch(target, init as RequestInit)
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now())
        return response
      }
      const { IncomingWebhook } = slackWebhook()
      const webhook = new IncomingWebhook(url, {
        fetch: recording,
        timeout: options.timeoutMs,
        retryConfig: { retries: 0 },
      })
      try {
        await webhook.send({ ...message, unfurl_links: false, unfurl_media: false })
        return { ref: null }
      } catch (error) {
        throw new WebhookRefusal(error, retryAfterMs)
      }
    },
  }
}

/** Where a bot posts: a channel, or a DM that may first need looking up (`@me`). */
export type ChannelTarget = { ok: true; channel: string } | { ok: false; failure: SendFailure }

/** chat.postMessage. Automatic parsing and unfurling are off: the blocks say exactly what they mean. */
export function botTransport(client: WebClient, target: () => Promise<ChannelTarget>): SlackTransport {
  return {
    async send(message) {
      const resolved = await target()
      if (!resolved.ok) throw new ChannelFailure(resolved.failure)
      const answer = await client.chat.postMessage({
        channel: resolved.channel,
        text: message.text,
        blocks: message.blocks,
        parse: 'none',
        link_names: false,
        unfurl_links: false,
        unfurl_media: false,
      })
      return { ref: typeof answer.ts === 'string' ? answer.ts : null }
    },
  }
}
