import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { isAllowedExternal } from '../../../main/desktop/security/externalLinks.ts'
import { memorySecretVault } from '../../../main/desktop/service/secretVault.ts'
import { createSettingsService } from '../../../main/desktop/service/settingsService.ts'
import {
  salesforceInstanceProblem,
  slackWebhookProblem,
  teamsWebhookProblem,
} from '../../../shared/settings/trustedHosts.ts'

// A settings window that runs hostile script names its own server as the Salesforce org or a
// chat webhook: main refuses it, and a token never outlives the org it was given for.

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function service() {
  const dataDir = mkdtempSync(join(tmpdir(), 'moments-targets-'))
  dirs.push(dataDir)
  const vault = memorySecretVault()
  const revoked: unknown[] = []
  const settings = createSettingsService({
    dataDir,
    vault,
    salesforce: {
      signIn: async () => ({
        accessToken: 'oauth-at',
        refreshToken: 'oauth-rt',
        instanceUrl: 'https://acme.my.salesforce.com',
        username: 'ann@acme.com',
      }),
      revoke: async (tokens) => void revoked.push(tokens),
    },
  })
  return { settings, vault, revoked }
}

describe('the hosts a window may name', () => {
  it('for Salesforce: the org’s Salesforce hosts, sandboxes included, or a stand-in on this machine', () => {
    for (const ok of [
      'https://acme.my.salesforce.com',
      'https://acme--uat.sandbox.my.salesforce.com',
      'https://acme.lightning.force.com',
      'https://na44.salesforce.com',
      'http://127.0.0.1:4010',
    ]) {
      expect(salesforceInstanceProblem(ok), ok).toBeNull()
    }
    for (const bad of [
      'https://attacker.example',
      'https://acme.my.salesforce.com.attacker.example',
      'https://evilsalesforce.com',
      'http://acme.my.salesforce.com',
      'https://user:pw@acme.my.salesforce.com',
    ]) {
      expect(salesforceInstanceProblem(bad), bad).toMatch(/Salesforce address/)
    }
  })

  it('for Slack: Slack’s webhook hosts only', () => {
    expect(slackWebhookProblem('https://hooks.slack.com/services/T0/B0/x')).toBeNull()
    expect(slackWebhookProblem('https://hooks.slack-gov.com/services/T0/B0/x')).toBeNull()
    for (const bad of [
      'https://attacker.example/services/T/B/x',
      'https://hooks.slack.com.attacker.example/x',
      'http://hooks.slack.com/services/T/B/x',
    ]) {
      expect(slackWebhookProblem(bad), bad).toMatch(/Slack incoming-webhook/)
    }
  })

  it('for Teams: Workflows in Logic Apps or Power Platform, legacy connectors, or a stand-in on this machine', () => {
    for (const ok of [
      'https://prod-23.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=x',
      'https://default0123.ab.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?sig=x',
      'https://acme.webhook.office.com/webhookb2/abc',
      'http://127.0.0.1:4020/workflows/abc',
    ]) {
      expect(teamsWebhookProblem(ok), ok).toBeNull()
    }
    for (const bad of [
      'https://attacker.example/workflows/abc',
      'https://logic.azure.com.attacker.example/x',
    ]) {
      expect(teamsWebhookProblem(bad), bad).toMatch(/Teams workflow/)
    }
  })

  it('are what main checks on save: another host is refused and nothing changes', async () => {
    const { settings } = service()
    const answer = await settings.save({
      salesforceInstanceUrl: 'https://attacker.example',
      slackMode: 'webhook',
      slackWebhookUrl: 'https://attacker.example/hook',
      teamsMode: 'webhook',
      teamsWebhookUrl: 'https://attacker.example/workflow',
    })
    expect(answer.ok).toBe(false)
    expect(answer.ok ? [] : answer.errors.map((e) => e.field).sort()).toEqual([
      'salesforceInstanceUrl',
      'slackWebhookUrl',
      'teamsWebhookUrl',
    ])
    expect(settings.current().salesforceInstanceUrl).toBeNull()
  })
})

describe('a Salesforce token', () => {
  it('pasted, is dropped when the instance’s origin changes', async () => {
    const { settings, vault } = service()
    await settings.save({
      salesforceInstanceUrl: 'https://acme.my.salesforce.com',
      salesforceAccessToken: 'pasted',
    })
    await settings.save({ salesforceInstanceUrl: 'https://acme.my.salesforce.com/' })
    expect(await vault.get('salesforceAccessToken')).toBe('pasted')
    await settings.save({ salesforceInstanceUrl: 'https://other.my.salesforce.com' })
    expect(await vault.get('salesforceAccessToken')).toBeNull()
    // Links open only to the instance now saved.
    expect(
      isAllowedExternal('https://other.my.salesforce.com/001', settings.current().salesforceInstanceUrl),
    ).toBe(true)
    expect(
      isAllowedExternal('https://acme.my.salesforce.com/001', settings.current().salesforceInstanceUrl),
    ).toBe(false)
  })

  it('from a sign-in, is revoked at the org that issued it when the org changes', async () => {
    const { settings, vault, revoked } = service()
    expect(await settings.salesforceSignIn('https://acme.my.salesforce.com')).toMatchObject({ ok: true })
    await settings.save({ salesforceInstanceUrl: 'https://other.my.salesforce.com' })
    expect(revoked).toEqual([{ accessToken: 'oauth-at', refreshToken: 'oauth-rt' }])
    expect(await vault.get('salesforceAccessToken')).toBeNull()
    expect(await vault.get('salesforceRefreshToken')).toBeNull()
    expect(settings.current().salesforceSignedInAs).toBeNull()
  })
})
