import type { AccountFieldLabel } from '../../../shared/accountFacts.ts'
import { errorMessage } from '../../../shared/errorMessage.ts'
import type {
  AwayDetection,
  Check,
  Request,
  Response,
  SettingsPatch,
  SettingsView,
} from '../../../shared/ipc/contract.ts'
import {
  channelSettingsOf,
  type DesktopSettings,
  PATCH_SECRETS,
  SECRET_NAMES,
  SETTINGS,
  type SecretName,
} from '../../../shared/settings/desktopSettings.ts'
import type { SettingKind } from '../../../shared/settings/settingField.ts'
import { instanceUrlProblem, warehouseUrlProblem } from '../../../shared/settingsFields.ts'
import type { ChannelType } from '../../core/channels/registry.ts'
import type { MomentsConfig } from '../../core/config/loadConfig.ts'
import { credentialTargetKey } from '../../core/warehouse/credentialTarget.ts'
import { probeWarehouse } from '../../core/warehouse/probeWarehouse.ts'
import { channelConfigs, configFromDesktopSettings, withPassword } from './desktopConfig.ts'
import { readSecrets, type SecretVault } from './secretVault.ts'
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
  /** Sends one test message to a channel with these settings (its plug-in's sendTest) */
  sendChannelTest?: (type: string, settings: unknown) => Promise<Check>
  salesforce?: SalesforceSignIn
  /** After every change that is saved: the desktop restarts the core with the new config */
  onSaved?: (settings: DesktopSettings) => void | Promise<void>
  onProblem?: (message: string) => void
  /** The account fields the last ownership refresh read, with the org's labels */
  accountFieldLabels?: () => AccountFieldLabel[]
  /** The desktop app: what it can tell of "away" (see AwayDetection) */
  awayDetection?: () => AwayDetection | null
}

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
    const { version: _, ...stored } = settings
    const saved = await Promise.all(
      SECRET_NAMES.map(async (name) => [name, (await deps.vault.get(name)) !== null] as const),
    )
    return {
      ...stored,
      demo: settings.warehouseUrl === null,
      accountFieldLabels: deps.accountFieldLabels?.() ?? [],
      secretsSaved: Object.fromEntries(saved) as Record<SecretName, boolean>,
      awayDetection: deps.awayDetection?.() ?? null,
    }
  }

  // The vault's password belongs to the saved URL's target (host, port, user, database as the
  // client reads them): a window that names another target does not get it sent there.
  async function savedPasswordFor(url: string): Promise<string | null> {
    const saved = settings.warehouseUrl ? credentialTargetKey(settings.warehouseUrl) : null
    if (saved === null || saved !== credentialTargetKey(url)) return null
    return deps.vault.get('warehousePassword')
  }

  async function revokeAtSalesforce(): Promise<void> {
    const tokens = {
      accessToken: await deps.vault.get('salesforceAccessToken'),
      refreshToken: await deps.vault.get('salesforceRefreshToken'),
    }
    await deps.salesforce?.revoke?.(tokens).catch((error: Error) => deps.onProblem?.(error.message))
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
      const target = (url: string | null) => (url ? credentialTargetKey(url) : null)
      if (!('warehousePassword' in secrets) && target(next.warehouseUrl) !== target(settings.warehouseUrl)) {
        // Another server, port, user or database: the saved password is not for it; ask again.
        secrets.warehousePassword = ''
      }
      const present = async (name: SecretName) =>
        name in secrets ? secrets[name] !== '' : (await deps.vault.get(name)) !== null
      const saved = Object.fromEntries(
        await Promise.all(SECRET_NAMES.map(async (name) => [name, await present(name)])),
      ) as Record<SecretName, boolean>
      const errors = settingsErrors(next, saved, secrets)
      if (errors.length > 0) return { ok: false, errors }
      // A token belongs to one org: another origin must not receive it, pasted or signed in; an
      // OAuth sign-in is revoked at the org that issued it.
      if (originOf(next.salesforceInstanceUrl) !== originOf(settings.salesforceInstanceUrl)) {
        if (settings.salesforceSignedInAs) await revokeAtSalesforce()
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
      const password = request.password || embedded || (await savedPasswordFor(url))
      const query = request.query?.trim() || settings.warehouseQuery
      const result = await probe(withPassword(url, password), query, 15_000)
      return { ok: result.ok, detail: result.detail } as Check
    },

    async validateRules(path: string): Promise<Response<'settings.validateRules'>> {
      const { errors, count } = rulesFileErrors(path)
      return errors.length > 0 ? { ok: false, errors } : { ok: true, count }
    },

    async testChannel(type: string): Promise<Check> {
      const entry = channelSettingsOf(type)
      if (!entry) return { ok: false, detail: `Moments has no channel ${type}` }
      if (!deps.sendChannelTest) return { ok: false, detail: 'Sending a test message is not available here' }
      if (settings[entry.modeField as keyof DesktopSettings] === 'off') {
        return { ok: false, detail: `Choose how Moments posts to ${entry.label} first` }
      }
      let config: unknown
      try {
        config = channelConfigs(settings, await readSecrets(deps.vault), file.path)[type as ChannelType]
      } catch (error) {
        return { ok: false, detail: errorMessage(error) }
      }
      if (!config) return { ok: false, detail: `${entry.label} is off` }
      try {
        return await deps.sendChannelTest(type, config)
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
      await revokeAtSalesforce()
      await deps.vault.delete('salesforceAccessToken')
      await deps.vault.delete('salesforceRefreshToken')
      await store({ ...settings, salesforceSignedInAs: null, salesforceUserId: null })
      return { ok: true }
    },
  }
}

function originOf(url: string | null): string | null {
  if (!url) return null
  try {
    return new URL(url).origin
  } catch {
    return url
  }
}

/** The patch's settings merged over the current ones, and the secrets it sets ('' removes). */
function applyPatch(current: DesktopSettings, patch: SettingsPatch) {
  const secrets: Partial<Record<SecretName, string>> = {}
  const next: Record<string, unknown> = { ...current }
  for (const [name, value] of Object.entries(patch)) {
    if (value === undefined) continue
    if ((PATCH_SECRETS as string[]).includes(name)) secrets[name as SecretName] = String(value).trim()
    else next[name] = asStored(SETTINGS[name as keyof typeof SETTINGS].kind, value)
  }
  if (typeof patch.warehouseUrl === 'string' && typeof next.warehouseUrl === 'string') {
    // A password typed into the URL goes to the vault; the file keeps the URL without it.
    const { url, password } = splitPassword(next.warehouseUrl)
    next.warehouseUrl = url
    if (password && secrets.warehousePassword === undefined) secrets.warehousePassword = password
  }
  if (typeof next.salesforceInstanceUrl === 'string') {
    next.salesforceInstanceUrl = next.salesforceInstanceUrl.replace(/\/+$/, '') || null
  }
  if (patch.rulesPath !== undefined && typeof next.rulesPath === 'string') {
    next.rulesPath = expandRulesPath(next.rulesPath)
  }
  return { next: next as DesktopSettings, secrets }
}

/** What the window sent, as the file keeps it: text trimmed, an emptied optional text gone (null). */
function asStored(kind: SettingKind, value: unknown): unknown {
  if (kind === 'text') return String(value).trim()
  if (kind === 'optionalText') return typeof value === 'string' ? value.trim() || null : null
  // A nullable list (the account fields): null is "the defaults".
  if (kind === 'list')
    return value === null ? null : (value as string[]).map((item) => item.trim()).filter(Boolean)
  if (kind === 'object') return { ...(value as object) }
  return value
}

/** The URL without its password — the userinfo's or a `?password=` (which pg reads over it) — and that password. */
function splitPassword(text: string): { url: string; password: string | null } {
  let parsed: URL
  try {
    parsed = new URL(text)
  } catch {
    return { url: text, password: null }
  }
  const query = parsed.searchParams.get('password')
  const userinfo = parsed.password ? decodeURIComponent(parsed.password) : null
  if (query === null && userinfo === null) return { url: text, password: null }
  parsed.password = ''
  parsed.searchParams.delete('password')
  return { url: parsed.toString(), password: query ?? userinfo }
}
