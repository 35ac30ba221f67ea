import type {
  AwayDetection,
  Check,
  Request,
  Response,
  SettingsPatch,
  SettingsView,
} from '../../../shared/ipc/contract.ts'
import { errorMessage } from '../../../shared/errorMessage.ts'
import { instanceUrlProblem, warehouseUrlProblem } from '../../../shared/settingsFields.ts'
import type { SlackSettings } from '../../core/config/configSchema.ts'
import type { MomentsConfig } from '../../core/config/loadConfig.ts'
import { probeWarehouse } from '../../core/warehouse/probeWarehouse.ts'
import { configFromDesktopSettings, slackSettings, withPassword } from './desktopConfig.ts'
import type { DesktopSettings } from './desktopSettings.ts'
import { readSecrets, type SecretName, type SecretVault } from './secretVault.ts'
import { type SettingsFile, settingsFile } from './settingsFile.ts'
import { expandRulesPath, rulesFileErrors, settingsErrors } from './settingsValidation.ts'

/** The desktop's OAuth flow (PKCE in the system browser): the desktop main process owns it. */
export interface SalesforceSignIn {
  signIn(instanceUrl: string): Promise<{
    accessToken: string
    refreshToken?: string | null
    /** The org's address as the token endpoint answered it */
    instanceUrl: string
    username: string
    userId?: string | null
  }>
  /** Revokes the tokens at Salesforce; a failure still signs out locally */
  revoke?(tokens: { accessToken: string | null; refreshToken: string | null }): Promise<void>
}

export interface SettingsServiceDeps {
  dataDir: string
  vault: SecretVault
  file?: SettingsFile
  probe?: typeof probeWarehouse
  /** Sends one test message with these settings (the Slack forwarder's sender) */
  sendSlackTest?: (slack: SlackSettings) => Promise<Check>
  salesforce?: SalesforceSignIn
  /** After every change that is saved: the desktop restarts the core with the new config */
  onSaved?: (settings: DesktopSettings) => void | Promise<void>
  onProblem?: (message: string) => void
  /** The desktop app: what it can tell of "away" (see AwayDetection) */
  awayDetection?: () => AwayDetection | null
}

const PATCH_SECRETS = [
  'warehousePassword',
  'salesforceAccessToken',
  'slackWebhookUrl',
  'slackBotToken',
] as const

export type SettingsService = ReturnType<typeof createSettingsService>

export function createSettingsService(deps: SettingsServiceDeps) {
  const file = deps.file ?? settingsFile(deps.dataDir, deps.onProblem)
  const probe = deps.probe ?? probeWarehouse
  let settings = file.load()

  async function store(next: DesktopSettings): Promise<void> {
    file.save(next)
    settings = next
    await deps.onSaved?.(next)
  }

  async function view(): Promise<SettingsView> {
    const has = async (name: SecretName) => (await deps.vault.get(name)) !== null
    const slackSecret: SecretName | null =
      settings.slackMode === 'webhook'
        ? 'slackWebhookUrl'
        : settings.slackMode === 'bot'
          ? 'slackBotToken'
          : null
    return {
      demo: settings.warehouseUrl === null,
      warehouseUrl: settings.warehouseUrl,
      hasWarehousePassword: await has('warehousePassword'),
      warehouseQuery: settings.warehouseQuery,
      pollInterval: settings.pollInterval,
      salesforceInstanceUrl: settings.salesforceInstanceUrl,
      salesforceSignedInAs: settings.salesforceSignedInAs,
      hasSalesforceToken: await has('salesforceAccessToken'),
      ownerFields: settings.ownerFields,
      slackMode: settings.slackMode,
      hasSlackSecret: slackSecret ? await has(slackSecret) : false,
      slackChannel: settings.slackChannel,
      slackForward: settings.slackForward,
      awayAfterMinutes: settings.awayAfterMinutes,
      awayDetection: deps.awayDetection?.() ?? null,
      rulesPath: settings.rulesPath,
      quietHours: settings.quietHours,
      launchAtLogin: settings.launchAtLogin,
      digestThreshold: settings.digestThreshold,
    }
  }

  return {
    current: (): DesktopSettings => settings,
    /** The core's config as the settings and secrets say now (ConfigError when they cannot work) */
    async config(): Promise<MomentsConfig> {
      return configFromDesktopSettings(settings, await readSecrets(deps.vault), deps.dataDir)
    },
    view,

    async save(patch: SettingsPatch): Promise<Response<'settings.save'>> {
      const { next, secrets } = applyPatch(settings, patch)
      const present = async (name: (typeof PATCH_SECRETS)[number]) =>
        name in secrets ? secrets[name] !== '' : (await deps.vault.get(name)) !== null
      const errors = settingsErrors(
        next,
        {
          warehousePassword: await present('warehousePassword'),
          salesforceAccessToken: await present('salesforceAccessToken'),
          slackWebhookUrl: await present('slackWebhookUrl'),
          slackBotToken: await present('slackBotToken'),
        },
        { slackWebhookUrl: secrets.slackWebhookUrl },
      )
      if (errors.length > 0) return { ok: false, errors }
      // A token belongs to one org: another address signs the old sign-in out.
      if (settings.salesforceSignedInAs && next.salesforceInstanceUrl !== settings.salesforceInstanceUrl) {
        next.salesforceSignedInAs = null
        next.salesforceUserId = null
        if (!('salesforceAccessToken' in secrets)) secrets.salesforceAccessToken = ''
        secrets.salesforceRefreshToken = ''
      }
      if (secrets.salesforceAccessToken) {
        // A pasted token replaces an OAuth sign-in.
        next.salesforceSignedInAs = null
        secrets.salesforceRefreshToken = ''
      }
      for (const [name, value] of Object.entries(secrets) as [SecretName, string][]) {
        if (value === '') await deps.vault.delete(name)
        else await deps.vault.set(name, value)
      }
      await store(next)
      return { ok: true, view: await view() }
    },

    async testWarehouse(request: Request<'settings.testWarehouse'>): Promise<Check> {
      const problem = warehouseUrlProblem(request.url)
      if (problem) return { ok: false, detail: problem }
      const { url, password: embedded } = splitPassword(request.url.trim())
      const password = request.password || embedded || (await deps.vault.get('warehousePassword'))
      const query = request.query?.trim() || settings.warehouseQuery
      const result = await probe(withPassword(url, password), query, 15_000)
      return { ok: result.ok, detail: result.detail } as Check
    },

    async validateRules(path: string): Promise<Response<'settings.validateRules'>> {
      const { errors, count } = rulesFileErrors(path)
      return errors.length > 0 ? { ok: false, errors } : { ok: true, count }
    },

    async testSlack(): Promise<Check> {
      if (!deps.sendSlackTest) return { ok: false, detail: 'Sending a test message is not available here' }
      if (settings.slackMode === 'off') return { ok: false, detail: 'Choose a webhook or a bot token first' }
      let slack: SlackSettings | null
      try {
        slack = slackSettings(settings, await readSecrets(deps.vault), file.path)
      } catch (error) {
        return { ok: false, detail: errorMessage(error) }
      }
      if (!slack) return { ok: false, detail: 'Slack is off' }
      try {
        return await deps.sendSlackTest(slack)
      } catch (error) {
        return { ok: false, detail: errorMessage(error) }
      }
    },

    async salesforceSignIn(instanceUrl: string): Promise<Check> {
      const problem = instanceUrlProblem(instanceUrl)
      if (problem) return { ok: false, detail: problem }
      if (!deps.salesforce)
        return { ok: false, detail: 'Signing in is not available here: paste a token instead' }
      try {
        const session = await deps.salesforce.signIn(instanceUrl.trim())
        await deps.vault.set('salesforceAccessToken', session.accessToken)
        if (session.refreshToken) await deps.vault.set('salesforceRefreshToken', session.refreshToken)
        else await deps.vault.delete('salesforceRefreshToken')
        await store({
          ...settings,
          salesforceInstanceUrl: session.instanceUrl,
          salesforceSignedInAs: session.username,
          salesforceUserId: session.userId ?? null,
        })
        return { ok: true, detail: `Signed in as ${session.username}` }
      } catch (error) {
        return { ok: false, detail: errorMessage(error) }
      }
    },

    async salesforceSignOut(): Promise<{ ok: true }> {
      const tokens = {
        accessToken: await deps.vault.get('salesforceAccessToken'),
        refreshToken: await deps.vault.get('salesforceRefreshToken'),
      }
      await deps.salesforce?.revoke?.(tokens).catch((error: Error) => deps.onProblem?.(error.message))
      await deps.vault.delete('salesforceAccessToken')
      await deps.vault.delete('salesforceRefreshToken')
      await store({ ...settings, salesforceSignedInAs: null, salesforceUserId: null })
      return { ok: true }
    },
  }
}

/** The patch's settings merged over the current ones, and the secrets it sets ('' removes). */
function applyPatch(current: DesktopSettings, patch: SettingsPatch) {
  const secrets: Partial<Record<SecretName, string>> = {}
  for (const name of PATCH_SECRETS) {
    const value = patch[name]
    if (value !== undefined) secrets[name] = value.trim()
  }
  const next: DesktopSettings = { ...current, quietHours: { ...current.quietHours } }
  if (patch.warehouseUrl !== undefined) {
    const text = patch.warehouseUrl.trim()
    if (text === '') next.warehouseUrl = null
    else {
      // A password typed into the URL goes to the vault; the file keeps the URL without it.
      const { url, password } = splitPassword(text)
      next.warehouseUrl = url
      if (password && secrets.warehousePassword === undefined) secrets.warehousePassword = password
    }
  }
  if (patch.warehouseQuery !== undefined) next.warehouseQuery = patch.warehouseQuery.trim()
  if (patch.pollInterval !== undefined) next.pollInterval = patch.pollInterval.trim()
  if (patch.salesforceInstanceUrl !== undefined) {
    next.salesforceInstanceUrl = patch.salesforceInstanceUrl.trim().replace(/\/+$/, '') || null
  }
  if (patch.ownerFields !== undefined)
    next.ownerFields = patch.ownerFields.map((f) => f.trim()).filter(Boolean)
  if (patch.slackMode !== undefined) next.slackMode = patch.slackMode
  if (patch.slackChannel !== undefined) next.slackChannel = patch.slackChannel.trim() || null
  if (patch.slackForward !== undefined) next.slackForward = patch.slackForward
  if (patch.awayAfterMinutes !== undefined) next.awayAfterMinutes = patch.awayAfterMinutes
  if (patch.rulesPath !== undefined)
    next.rulesPath = patch.rulesPath?.trim() ? expandRulesPath(patch.rulesPath) : null
  if (patch.quietHours !== undefined) next.quietHours = { ...patch.quietHours }
  if (patch.launchAtLogin !== undefined) next.launchAtLogin = patch.launchAtLogin
  if (patch.digestThreshold !== undefined) next.digestThreshold = patch.digestThreshold
  return { next, secrets }
}

function splitPassword(text: string): { url: string; password: string | null } {
  try {
    const parsed = new URL(text)
    if (!parsed.password) return { url: text, password: null }
    const password = decodeURIComponent(parsed.password)
    parsed.password = ''
    return { url: parsed.toString(), password }
  } catch {
    return { url: text, password: null }
  }
}
