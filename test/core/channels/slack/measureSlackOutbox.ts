/**
 * Measures the Slack outbox against the stand-in (not part of `npm test`: it takes about a minute).
 *
 *   npx tsx test/core/channels/slack/measureSlackOutbox.ts
 *
 * 1. Steady state, pace 1 s: messages per second per channel, one channel and two side by side.
 * 2. A 429 storm: the stand-in answers every post 429 Retry-After 1 for 10 s while 20 forwards
 *    wait; how many requests the storm sees, when delivery resumes, loss, duplicates, order.
 * 3. The sender's own ceiling, pace 0: what the machinery does with nothing holding it back.
 */
import { outboxSender } from '../../../../main/core/channels/outboxSender.ts'
import type { SalesforceSettings } from '../../../../main/core/config/configSchema.ts'
import { memoryStore, silentLog } from '../../../support/pipelineFixtures.ts'
import { SlackStandIn } from '../../../support/slackStandIn.ts'
import { eventIdsOf, openSlack, seedMoments } from './slackFixtures.ts'

async function scenario(
  name: string,
  options: { channels: string[]; count: number; paceMs: number; storm?: { ms: number; retryAfter: number } },
) {
  const slack = new SlackStandIn({ channels: { moments: 'C0MOMENTS', other: 'C0OTHER' } })
  await slack.start()
  const store = memoryStore()
  const expected = new Map<string, string[]>()
  options.channels.forEach((channel, i) => {
    expected.set(channel, seedMoments(store, options.count, { channel, first: 1 + i * 1000 }))
  })
  const sender = outboxSender({
    store,
    channels: options.channels.map((channel) =>
      openSlack(
        store,
        {
          botToken: slack.botToken,
          apiUrl: slack.apiUrl,
          channel,
          pace: `${options.paceMs}ms`,
          timeout: '10s',
        },
        { salesforce: { instanceUrl: 'https://acme.my.salesforce.com' } as SalesforceSettings },
      ),
    ),
    log: silentLog,
  })
  const stormStart = Date.now()
  if (options.storm) slack.rateLimitFor(options.storm.ms, options.storm.retryAfter)
  const start = Date.now()
  const report = await sender.drain({ deadline: Date.now() + 300_000 })
  const seconds = (Date.now() - start) / 1000

  const lines = [`${name}: ${report.sent} sent in ${seconds.toFixed(2)} s, ${report.pending} left`]
  for (const channel of options.channels) {
    const got = slack.messages.filter((m) => m.channel === channel)
    const ids = eventIdsOf(got)
    const inOrder = JSON.stringify(ids) === JSON.stringify(expected.get(channel))
    const span = ((got.at(-1)?.at ?? 0) - (got[0]?.at ?? 0)) / 1000
    const rate = got.length > 1 ? (got.length - 1) / span : Number.NaN
    const duplicates = ids.length - new Set(ids).size
    lines.push(
      `  ${channel}: ${got.length} messages, ${rate.toFixed(2)} msg/s (first→last ${span.toFixed(2)} s), in order: ${inOrder}, duplicates: ${duplicates}, lost: ${(expected.get(channel)?.length ?? 0) - new Set(ids).size}`,
    )
  }
  if (options.storm) {
    const posts = slack.requests.filter((r) => r.kind === 'postMessage')
    const limited = posts.filter((r) => r.status === 429)
    const stormEnd = stormStart + options.storm.ms
    const firstAfter = slack.messages[0]?.at ?? Number.NaN
    lines.push(
      `  storm ${options.storm.ms / 1000} s of 429 Retry-After ${options.storm.retryAfter}: ${limited.length} requests answered 429 (${(limited.length / (options.storm.ms / 1000)).toFixed(2)}/s over ${options.channels.length} channel(s)); first delivery ${((firstAfter - stormEnd) / 1000).toFixed(2)} s after the storm ended; ${posts.length} requests in all for ${report.sent} messages`,
    )
  }
  console.log(lines.join('\n'))
  store.close()
  await slack.close()
}

await scenario('steady, 1 channel, pace 1s', { channels: ['#moments'], count: 15, paceMs: 1_000 })
await scenario('steady, 2 channels, pace 1s', { channels: ['#moments', '#other'], count: 15, paceMs: 1_000 })
await scenario('429 storm, 1 channel', {
  channels: ['#moments'],
  count: 20,
  paceMs: 1_000,
  storm: { ms: 10_000, retryAfter: 1 },
})
await scenario('429 storm, 2 channels', {
  channels: ['#moments', '#other'],
  count: 10,
  paceMs: 1_000,
  storm: { ms: 10_000, retryAfter: 1 },
})
await scenario('429 storm, Retry-After 5', {
  channels: ['#moments'],
  count: 10,
  paceMs: 1_000,
  storm: { ms: 12_000, retryAfter: 5 },
})
await scenario('ceiling, pace 0', { channels: ['#moments'], count: 500, paceMs: 0 })
