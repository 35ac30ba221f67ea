import { salesforceAccountUrl } from '../../ownership/accountUrl.ts'
import { channelPlugin } from '../channel.ts'
import { testMoment } from '../testMoment.ts'
import { type TeamsMessage, teamsMessage } from './teamsCard.ts'
import { teamsChecks } from './teamsChecks.ts'
import { type TeamsSettings, teamsSchema } from './teamsConfig.ts'
import { classifyTeamsFailure } from './teamsFailure.ts'
import { postToTeams } from './teamsTransport.ts'

/** Microsoft Teams: an Adaptive Card per moment, to a channel's Workflows webhook. */
export const teamsChannel = channelPlugin<typeof teamsSchema, TeamsMessage>({
  type: 'teams',
  label: 'Microsoft Teams',
  configSchema: teamsSchema,
  // One webhook posts to one channel; its URL is a secret, so the key names no more than that.
  destination: () => 'teams:webhook',

  open(settings, deps) {
    const instanceUrl = deps.salesforce?.instanceUrl ?? null
    return {
      type: 'teams',
      label: 'Microsoft Teams',
      destination: 'teams:webhook',
      timing: timingOf(settings),
      compose: async (moment) =>
        teamsMessage(moment, {
          accountUrl: salesforceAccountUrl(instanceUrl, moment.accountId),
          accountLabels: deps.store.accounts.fields(),
        }),
      async send(message) {
        await postToTeams(settings.webhookUrl, message, { timeoutMs: settings.timeout })
        return { ref: null }
      },
      classify: classifyTeamsFailure,
    }
  },

  checks: async (settings) => teamsChecks(settings),

  async sendTest(settings, deps) {
    const clock = deps.clock ?? Date.now
    try {
      await postToTeams(settings.webhookUrl, teamsMessage(testMoment(clock()), { accountUrl: null }), {
        timeoutMs: settings.timeout,
      })
      return { ok: true, detail: 'Sent a test card to the webhook’s channel' }
    } catch (error) {
      return {
        ok: false,
        detail: `Teams did not take the test message: ${classifyTeamsFailure(error).reason}`,
      }
    }
  },
})

function timingOf(settings: TeamsSettings) {
  return {
    paceMs: settings.pace,
    maxAgeMs: settings.maxAge,
    timeoutMs: settings.timeout,
    drainTimeoutMs: settings.drainTimeout,
  }
}
