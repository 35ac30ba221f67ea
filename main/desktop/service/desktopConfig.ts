import { join } from 'node:path'
import { slackSettings as slackEntry } from '../../../shared/settings/channels/slackSettings.ts'
import type { DesktopSettings } from '../../../shared/settings/desktopSettings.ts'
import { ConfigError, configErrorFrom } from '../../core/config/configErrors.ts'
import { salesforceSchema, slackSchema, warehouseSchema } from '../../core/config/configSchema.ts'
import { demoConfig, type MomentsConfig, type RulesSource } from '../../core/config/loadConfig.ts'
import type { DesktopSecrets } from './secretVault.ts'
import { SETTINGS_FILE_NAME } from './settingsFile.ts'

/**
 * The core's config from the desktop's settings and secrets: what moments.yaml is to the CLI.
 * No warehouse URL means the demo (with the user's rules and Slack, if any, so both can be tried
 * on synthetic data). Throws ConfigError naming the setting when one cannot work.
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
  const slack = slackSettings(settings, secrets, file)
  if (!settings.warehouseUrl) return { ...demoConfig(dataDir, 'no-config'), rules, slack }

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
      ...(settings.salesforceUserId ? { userId: settings.salesforceUserId } : {}),
    }),
  )
  return {
    origin: { kind: 'file', path: file },
    warehouse: { ...warehouse, url: withPassword(settings.warehouseUrl, secrets.warehousePassword ?? null) },
    salesforce,
    rules,
    slack,
    statePath: join(dataDir, 'moments.db'),
    dataDir,
  }
}

export function slackSettings(settings: DesktopSettings, secrets: DesktopSecrets, file: string) {
  const given = slackEntry.toConfig(settings, secrets)
  return given ? parse(file, ['slack'], () => slackSchema.parse(given)) : null
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
