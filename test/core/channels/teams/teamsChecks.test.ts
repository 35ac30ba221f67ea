import { describe, expect, it } from 'vitest'
import { teamsChecks } from '../../../../main/core/channels/teams/teamsChecks.ts'
import { teamsSchema } from '../../../../main/core/channels/teams/teamsConfig.ts'

const check = (webhookUrl: string) => teamsChecks(teamsSchema.parse({ webhookUrl }))[0]

describe("doctor's Teams check (it posts nothing)", () => {
  it.each([
    [
      'https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=s3cr3t',
      'ok',
      /^a webhook \(prod-12\.westeurope\.logic\.azure\.com\/…\); gives up after 1d, ≤1 message per 1s$/,
    ],
    [
      'https://default0.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke',
      'warn',
      /has no sig parameter/,
    ],
    [
      'https://acme.webhook.office.com/webhookb2/x/IncomingWebhook/y/z',
      'warn',
      /Office 365 connector webhook, which Microsoft is retiring/,
    ],
    ['https://proxy.example.com/teams', 'warn', /not a Teams Workflows URL \(fine for a proxy\)/],
    ['http://teams.example.com/workflows/x', 'fail', /must be https \(the URL is the secret\)/],
  ])('%s: %s', (url, verdict, detail) => {
    const result = check(url)
    expect(result).toMatchObject({ name: 'teams', kind: 'config', verdict })
    expect(result?.detail).toMatch(detail)
    expect(result?.detail).not.toContain('s3cr3t')
  })
})
