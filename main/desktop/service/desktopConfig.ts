import { join } from 'node:path'
import { CHANNEL_ENTRIES, type DesktopSettings } from '../../../shared/settings/desktopSettings.ts'
import { type ChannelConfigs, channelPluginOf } from '../../core/channels/registry.ts'
import { ConfigError, configErrorFrom } from '../../core/config/configErrors.ts'
import { retentionField, salesforceSchema, warehouseSchema } from '../../core/config/configSchema.ts'
import { demoConfig, type MomentsConfig, type RulesSource } from '../../core/config/loadConfig.ts'
import type { DesktopSecrets } from './secretVault.ts'
import { SETTINGS_FILE_NAME } from './settingsFile.ts'

/**
 * The core's config from the desktop's settings and secrets: what moments.yaml is to the CLI.
 * No warehouse URL means the demo (with the user's rules and channels, if any, so they can be
 * tried on synthetic data). Throws ConfigError naming the setting when one cannot work.
 */
export function configFromDesktopSettings(
  settings: DesktopSettings,
  secrets: DesktopSecrets,
  dataDir: string,
): MomentsConfig {
  const file = join(dataDir, SETTINGS_FILE_NAME)
  const rules: RulesSource = settings.rulesPath
    ? { kind: 'file', path: settings.rulesPath }
    : { kind: 'default' }
  const channels = channelConfigs(settings, secrets, file)
  const retentionMs = parse(file, ['retention'], () => retentionField().parse(settings.retention))
  if (!settings.warehouseUrl) return { ...demoConfig(dataDir, 'no-config'), rules, channels, retentionMs }

  const warehouse = parse(file, ['warehouse'], () =>
    warehouseSchema.parse({ query: settings.warehouseQuery, pollInterval: settings.pollInterval }),
  )
  const accessToken = secrets.salesforceAccessToken
  if (!settings.salesforceInstanceUrl || !accessToken) {
    throw new ConfigError(
      `${file}: salesforce: sign in to Salesforce (or paste a token), so that Moments shows only the accounts you own`,
    )
  }
  const salesforce = parse(file, ['salesforce'], () =>
    salesforceSchema.parse({
      instanceUrl: settings.salesforceInstanceUrl,
      accessToken,
      ownerFields: settings.ownerFields,
      ...(settings.accountFields ? { accountFields: settings.accountFields } : {}),
      ...(settings.salesforceUserId ? { userId: settings.salesforceUserId } : {}),
    }),
  )
  return {
    origin: { kind: 'file', path: file },
    warehouse: { ...warehouse, url: withPassword(settings.warehouseUrl, secrets.warehousePassword ?? null) },
    salesforce,
    rules,
    channels,
    statePath: join(dataDir, 'moments.db'),
    retentionMs,
    dataDir,
  }
}

/** Each channel's section of the config, from its settings entry, read by its plug-in's schema. */
export function channelConfigs(
  settings: DesktopSettings,
  secrets: DesktopSecrets,
  file: string,
): ChannelConfigs {
  const channels: Record<string, unknown> = {}
  for (const entry of CHANNEL_ENTRIES) {
    const given = entry.toConfig(settings, secrets)
    const plugin = channelPluginOf(entry.type)
    if (!given || !plugin) continue
    channels[entry.type] = parse(file, [entry.type], () => plugin.configSchema.parse(given))
  }
  return channels as ChannelConfigs
}

/** Puts the vault's password into the URL the pg client gets; the stored URL never has one. */
export function withPassword(url: string, password: string | null): string {
  if (!password) return url
  const parsed = new URL(url)
  parsed.password = encodeURIComponent(password)
  return parsed.toString()
}

function parse<T>(file: string, prefix: string[], build: () => T): T {
  try {
    return build()
  } catch (error) {
    const issues = (error as { issues?: Parameters<typeof configErrorFrom>[1] }).issues
    if (issues) throw configErrorFrom(file, issues, prefix)
    throw error
  }
}
